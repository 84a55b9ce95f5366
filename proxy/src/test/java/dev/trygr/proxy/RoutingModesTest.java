package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;
import dev.trygr.proxy.testing.CurlRunner;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listeners devices reach without proxy settings: transparent (DNS sent them to trygr: TLS routed by SNI,
 * plain HTTP by Host) and reverse (everything to one upstream, TLS terminated even without SNI, as the MCS push
 * channel needs). Also: certificate rejection and auto-passthrough, and trygr refusing to dial itself.
 */
class RoutingModesTest {
    /** The origin plays Ring's and Google's hosts, with certificates from its own test CA. */
    static final TestPki.Leaf RING_LEAF = ProxyFixture.ORIGIN_PKI.issue("api.ring.com", "oauth.ring.com",
            "mtalk.google.com", "stream.test");

    @TempDir
    Path dir;

    private static UnaryOperator<ProxyOptions> modes(List<String> specs, List<String> connectTo) {
        return o -> {
            List<ConnectToRule> rules = new ArrayList<>(o.connectTo());
            connectTo.forEach(r -> rules.add(ConnectToRule.parse(r)));
            return new ProxyOptions(specs.stream().map(ModeSpec::parse).toList(), rules, o.intercept(), o.access(),
                    o.maxBodyBytes(), o.idleTimeout(), o.connectTimeout(), o.shutdownGrace());
        };
    }

    private static RawHttpsOrigin ringOrigin() throws IOException {
        return RawHttpsOrigin.builder().tls(RING_LEAF).responder(Responder.json("{\"ok\":true}")).start();
    }

    @Test
    void transparentTlsIsRoutedBySniToTheSameHostAndRecorded() throws Exception {
        RawHttpsOrigin origin = ringOrigin();
        try (ProxyFixture f = new ProxyFixture(dir, origin, modes(List.of("transparent@127.0.0.1:0"),
                List.of("api.ring.com::127.0.0.1:" + origin.port())))) {
            int port = f.port("transparent");
            try (WireClient c = new WireClient(port)) {
                c.startTls("api.ring.com", ProxyFixture.CA.certificate()); // trusts trygr's CA, checks the name
                c.send("GET /clients_api/profile HTTP/1.1\r\nHost: api.ring.com\r\nhardware_id: hw-1\r\n\r\n");
                WireClient.Reply reply = c.readReply();
                assertEquals(200, reply.status());
                assertEquals("{\"ok\":true}", reply.bodyText());
            }
            assertEquals(List.of("api.ring.com"), origin.sniSeen(), "upstream TLS names the same host");
            FlowSummary flow = f.flows(1).get(0);
            assertEquals("api.ring.com", flow.host());
            assertEquals(port, flow.port(), "DNS redirection keeps ports: the target is SNI at the listener's port");
            assertEquals("/clients_api/profile", flow.path());
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.INTERCEPTED, row.outcome());
            assertEquals("api.ring.com", row.sni());
            assertTrue(row.mode().startsWith("transparent@127.0.0.1:"), row.mode());
        }
    }

    @Test
    void curlWithResolveReachesTheOriginThroughTheTransparentListener() throws Exception {
        CurlRunner.assumeAvailable();
        RawHttpsOrigin origin = ringOrigin();
        try (ProxyFixture f = new ProxyFixture(dir, origin, modes(List.of("transparent@127.0.0.1:0"),
                List.of("oauth.ring.com::127.0.0.1:" + origin.port())))) {
            int port = f.port("transparent");
            CurlRunner.Result r = CurlRunner.direct(f.caPem).run("https://oauth.ring.com:" + port + "/oauth/token",
                    "--resolve", "oauth.ring.com:" + port + ":127.0.0.1", "-d", "{\"grant_type\":\"password\"}");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("{\"ok\":true}", r.stdoutText());
            FlowSummary flow = f.flows(1).get(0);
            assertEquals("oauth.ring.com", flow.host());
            assertEquals("POST", flow.method());
        }
    }

    @Test
    void transparentPlainHttpIsRoutedByHostHeader() throws Exception {
        RawHttpsOrigin plain = RawHttpsOrigin.startPlain(Responder.json("{\"plain\":1}"));
        try (ProxyFixture f = new ProxyFixture(dir, plain, modes(List.of("transparent@127.0.0.1:0"),
                List.of("firmware.test::127.0.0.1:" + plain.port())))) {
            try (WireClient c = new WireClient(f.port("transparent"))) {
                c.send("GET /update?v=1 HTTP/1.1\r\nHost: firmware.test\r\n\r\n");
                WireClient.Reply reply = c.readReply();
                assertEquals(200, reply.status());
                assertEquals("{\"plain\":1}", reply.bodyText());
            }
            FlowSummary flow = f.flows(1).get(0);
            assertEquals("firmware.test", flow.host());
            assertEquals("http", flow.scheme());
            assertEquals(ConnectionOutcome.PLAIN, f.connections(1).get(0).outcome());
        }
    }

    @Test
    void plainHttpInsideConnectIsProxiedAndRecordedAsHttp() throws Exception {
        RawHttpsOrigin plain = RawHttpsOrigin.startPlain(Responder.json("{\"lan\":1}"));
        try (ProxyFixture f = new ProxyFixture(dir, plain, modes(List.of("regular@127.0.0.1:0"),
                List.of("hub.local:80:127.0.0.1:" + plain.port())))) {
            try (WireClient c = new WireClient(f.port())) {
                assertEquals(200, c.connect("hub.local:80").status());
                c.send("GET /status HTTP/1.1\r\nHost: hub.local\r\n\r\n");
                assertEquals("{\"lan\":1}", c.readReply().bodyText());
            }
            FlowSummary flow = f.flows(1).get(0);
            assertEquals("http", flow.scheme());
            assertEquals("hub.local", flow.host());
            assertEquals("/status", flow.path());
            assertEquals(ConnectionOutcome.PLAIN, f.connections(1).get(0).outcome());
        }
    }

    @Test
    void transparentConnectionsThatNameNoDestinationAreRecordedAndClosed() throws Exception {
        try (ProxyFixture f = new ProxyFixture(dir, ringOrigin(), modes(List.of("transparent@127.0.0.1:0"),
                List.of()))) {
            int port = f.port("transparent");
            try (WireClient c = new WireClient(port)) {
                assertThrows(IOException.class, () -> c.startTlsWithoutSni(ProxyFixture.CA.certificate()));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                        18, 19, 20, 21, 22});
                assertEquals(-1, s.getInputStream().read(), "closed without an answer");
            }
            try (WireClient c = new WireClient(port)) {
                c.send("GET / HTTP/1.1\r\n\r\n");
                assertEquals(400, c.readReply().status(), "a plain request without Host cannot be routed");
            }
            List<ConnectionRow> failed = f.connections(c -> c.outcome() == ConnectionOutcome.FAILED, 3);
            assertEquals(3, failed.size(), failed.toString());
            assertTrue(failed.stream().anyMatch(c -> c.reason().startsWith("TLS without SNI")), failed.toString());
            assertTrue(failed.stream().anyMatch(c -> c.reason().startsWith("neither TLS nor HTTP")),
                    failed.toString());
        }
    }

    /**
     * A server speaking a made-up byte protocol: a greeting, then every byte back, incremented. Serves one
     * connection at a time until its socket is closed.
     */
    private static Thread byteProtocolServer(ServerSocket server, byte[] greeting) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    out.write(greeting);
                    out.flush();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        for (int i = 0; i < n; i++) {
                            buf[i]++;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the client went away, or the server closed: the test asserts on what it saw
                }
            }
        }, "byte-protocol");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void reverseTlsTerminatesAClientWithoutSniAndRelaysAByteProtocol() throws Exception {
        SSLServerSocket server = (SSLServerSocket) RING_LEAF.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        byte[] greeting = {41, 3, 0x05, 1, 2, 3, 4, 5};
        byteProtocolServer(server, greeting);
        try (server; ProxyFixture f = new ProxyFixture(dir, ringOrigin(),
                modes(List.of("reverse:tls://stream.test:7000@127.0.0.1:0"),
                        List.of("stream.test:7000:127.0.0.1:" + server.getLocalPort())))) {
            byte[] login = new byte[200];
            for (int i = 0; i < login.length; i++) {
                login[i] = (byte) (i * 3);
            }
            login[0] = 42;
            byte[] expected = login.clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i]++;
            }
            try (WireClient c = new WireClient(f.port("reverse"))) {
                X509Certificate shown = c.startTlsWithoutSni(ProxyFixture.CA.certificate());
                assertEquals(List.of("stream.test"), sans(shown), "leaf forged for the reverse host");
                assertArrayEquals(greeting, c.readExactly(greeting.length));
                c.send(login);
                assertArrayEquals(expected, c.readExactly(expected.length));
            }
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.INTERCEPTED, row.outcome());
            assertEquals("raw", row.protocol());
            assertEquals("stream.test", row.targetHost());
            assertEquals(7000, row.targetPort());
            assertEquals(null, row.sni(), "the client sent no SNI");
            assertArrayEquals(login, row.rawClientHead());
            assertArrayEquals(login, row.rawClientTail(), "shorter than the limit: the tail is the whole stream");
            assertArrayEquals(concat(greeting, expected), row.rawUpstreamHead());
            assertTrue(row.bytesToUpstream() > login.length, "TLS records carry the login: " + row);
        }
    }

    @Test
    void garbageOnAReverseTlsListenerIsRecordedAndClosedWhileOthersGoOn() throws Exception {
        SSLServerSocket server = (SSLServerSocket) RING_LEAF.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        byteProtocolServer(server, new byte[] {7});
        try (server; ProxyFixture f = new ProxyFixture(dir, ringOrigin(),
                modes(List.of("reverse:tls://stream.test:7000@127.0.0.1:0"),
                        List.of("stream.test:7000:127.0.0.1:" + server.getLocalPort())))) {
            try (Socket s = new Socket("127.0.0.1", f.port("reverse"))) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, s.getInputStream().read(), "closed without an answer");
            }
            ConnectionRow row = f.connections(c -> c.outcome() == ConnectionOutcome.FAILED, 1).get(0);
            assertTrue(row.reason().startsWith("expected TLS on a reverse:tls listener"), row.reason());
            try (WireClient c = new WireClient(f.port("reverse"))) {
                c.startTlsWithoutSni(ProxyFixture.CA.certificate());
                assertArrayEquals(new byte[] {7}, c.readExactly(1), "the next client is served");
            }
        }
    }

    @Test
    void reverseTcpRelaysAndRecordsAPlainByteStream() throws Exception {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        byte[] greeting = {0x10, 0x20};
        byteProtocolServer(server, greeting);
        try (server; ProxyFixture f = new ProxyFixture(dir, ringOrigin(),
                modes(List.of("reverse:tcp://broker.test:1883@127.0.0.1:0"),
                        List.of("broker.test:1883:127.0.0.1:" + server.getLocalPort())))) {
            try (Socket s = new Socket("127.0.0.1", f.port("reverse"))) {
                s.setSoTimeout(10_000);
                assertArrayEquals(greeting, s.getInputStream().readNBytes(2));
                s.getOutputStream().write(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {2, 3, 4}, s.getInputStream().readNBytes(3));
            }
            ConnectionRow row = f.connections(1).get(0);
            assertEquals("raw", row.protocol());
            assertEquals("broker.test", row.targetHost());
            assertArrayEquals(new byte[] {1, 2, 3}, row.rawClientHead());
        }
    }

    @Test
    void reverseHttpSendsEveryRequestToItsUpstream() throws Exception {
        RawHttpsOrigin plain = RawHttpsOrigin.startPlain(Responder.json("{\"r\":1}"));
        try (ProxyFixture f = new ProxyFixture(dir, plain, modes(List.of("reverse:http://hub.test:8000@127.0.0.1:0"),
                List.of("hub.test:8000:127.0.0.1:" + plain.port())))) {
            try (WireClient c = new WireClient(f.port("reverse"))) {
                c.send("GET /a HTTP/1.1\r\nHost: anything\r\n\r\n");
                assertEquals("{\"r\":1}", c.readReply().bodyText());
                c.send("GET /b HTTP/1.1\r\nHost: anything\r\n\r\n");
                assertEquals("{\"r\":1}", c.readReply().bodyText());
            }
            List<FlowSummary> flows = f.flows(2);
            assertEquals(List.of("/a", "/b"), flows.stream().map(FlowSummary::path).toList());
            assertTrue(flows.stream().allMatch(fl -> fl.host().equals("hub.test") && fl.port() == 8000));
        }
    }

    @Test
    void aClientThatRejectsTheCertificateIsPassedThroughFromThenOn() throws Exception {
        RawHttpsOrigin origin = ringOrigin();
        try (ProxyFixture f = new ProxyFixture(dir, origin, modes(List.of("regular@127.0.0.1:0"),
                List.of("api.ring.com:443:127.0.0.1:" + origin.port())))) {
            // This client trusts only the real server's CA, as a pinning app would.
            X509Certificate realCa = ProxyFixture.ORIGIN_PKI.caCertificate();
            try (WireClient c = new WireClient(f.port())) {
                assertEquals(200, c.connect("api.ring.com:443").status());
                assertThrows(IOException.class, () -> c.startTls("api.ring.com", realCa));
            }
            ConnectionRow rejected = f.connections(c -> c.outcome() == ConnectionOutcome.REJECTED, 1).get(0);
            assertTrue(rejected.reason().contains("certificate_unknown"), rejected.reason());
            assertEquals(1, f.events.size(), f.events.toString());
            assertTrue(f.events.get(0).startsWith("127.0.0.1 api.ring.com "), f.events.get(0));

            try (WireClient c = new WireClient(f.port())) {
                assertEquals(200, c.connect("api.ring.com:443").status());
                c.startTls("api.ring.com", realCa);   // the origin's own certificate: passed through untouched
                c.send("GET /ok HTTP/1.1\r\nHost: api.ring.com\r\n\r\n");
                assertEquals("{\"ok\":true}", c.readReply().bodyText());
            }
            ConnectionRow passed = f.connections(c -> c.outcome() == ConnectionOutcome.PASSTHROUGH, 1).get(0);
            assertTrue(passed.reason().startsWith("auto-passthrough"), passed.reason());
            assertEquals("api.ring.com", passed.sni());
            assertTrue(passed.bytesFromClient() > 0 && passed.bytesFromUpstream() > 0, passed.toString());
            assertEquals(List.of(), f.flows(), "nothing inside a passthrough connection is seen");
            assertEquals(1, f.events.size(), "the console line is printed once");
        }
    }

    @Test
    void aThousandIdleConnectionsDoNotStopOthers() throws Exception {
        RawHttpsOrigin origin = ringOrigin();
        try (ProxyFixture f = new ProxyFixture(dir, origin, modes(List.of("transparent@127.0.0.1:0"),
                List.of("api.ring.com::127.0.0.1:" + origin.port())))) {
            int port = f.port("transparent");
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    idle.add(new Socket("127.0.0.1", port));   // connects, then says nothing
                }
                try (WireClient c = new WireClient(port)) {
                    c.startTls("api.ring.com", ProxyFixture.CA.certificate());
                    c.send("GET /still-here HTTP/1.1\r\nHost: api.ring.com\r\n\r\n");
                    assertEquals(200, c.readReply().status());
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            assertEquals("/still-here", f.flows(1).get(0).path());
        }
    }

    @Test
    void trygrRefusesToDialItsOwnListeners() throws Exception {
        try (ProxyFixture f = new ProxyFixture(dir, ringOrigin(), UnaryOperator.identity())) {
            try (WireClient c = new WireClient(f.port())) {
                WireClient.Reply reply = c.connect("127.0.0.1:" + f.port());
                assertEquals(502, reply.status());
                assertTrue(reply.bodyText().contains("one of trygr's own listeners"), reply.bodyText());
            }
        }
    }

    private static List<String> sans(X509Certificate cert) throws Exception {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null ? List.of() : names.stream().map(n -> String.valueOf(n.get(1))).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
