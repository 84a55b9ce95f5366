package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear answer (or a recorded close) and never disturbs anyone else: each case is followed by
 * a good request through the same proxy, and one connection stays open across all of them.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private ProxyFixture f;
    private WireClient bystander;

    @BeforeEach
    void start() throws Exception {
        f = new ProxyFixture(dir, RawHttpsOrigin.builder().tls(ProxyFixture.ORIGIN_LEAF)
                .responder(Responder.json("{\"good\":1}")).start(),
                o -> new ProxyOptions(o.modes(), o.connectTo(), o.intercept(), o.access(), o.maxBodyBytes(),
                        Duration.ofSeconds(2), o.connectTimeout(), o.shutdownGrace()));
        bystander = new WireClient(f.port());
        assertEquals(200, bystander.connect("origin.test:443").status());
        bystander.startTls("origin.test", ProxyFixture.CA.certificate());
    }

    @AfterEach
    void stop() throws IOException {
        bystander.close();
        f.close();
    }

    /** A well-formed request on a fresh connection, and one on the connection opened before the bad input. */
    private void goodRequestsStillWork() throws IOException {
        try (WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            c.startTls("origin.test", ProxyFixture.CA.certificate());
            c.send("GET /after HTTP/1.1\r\nHost: origin.test\r\n\r\n");
            assertEquals("{\"good\":1}", c.readReply().bodyText());
        }
        bystander.send("GET /bystander HTTP/1.1\r\nHost: origin.test\r\n\r\n");
        assertEquals(200, bystander.readReply().status());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed request line|GARBAGE\\r\\n\\r\\n|400",
        "header without colon|GET http://origin.test/ HTTP/1.1\\r\\nHost origin.test\\r\\n\\r\\n|400",
        "origin-form to the proxy|GET / HTTP/1.1\\r\\nHost: origin.test\\r\\n\\r\\n|400",
        "https absolute-form|GET https://origin.test/ HTTP/1.1\\r\\nHost: origin.test\\r\\n\\r\\n|400",
        "CONNECT without a port|CONNECT origin.test HTTP/1.1\\r\\nHost: origin.test\\r\\n\\r\\n|400",
        "CONNECT port out of range|CONNECT origin.test:99999 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400",
        "CONNECT to a bad host|CONNECT bad/host:443 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400",
    })
    void malformedRequestsGetAClearErrorAndAreRecorded(String name, String wire, int status) throws Exception {
        try (WireClient c = new WireClient(f.port())) {
            WireClient.Reply reply = c.send(wire.replace("\\r\\n", "\r\n")).readReply();
            assertEquals(status, reply.status(), reply.head());
            assertTrue(reply.bodyText().startsWith("trygr: "), reply.bodyText());
            assertTrue(c.closedWithoutData(), "closed after the error");
        }
        ConnectionRow row = failed(1).get(0);
        assertTrue(row.reason().startsWith("bad request: " + status), row.reason());
        goodRequestsStillWork();
    }

    @Test
    void headersOver64KiBGet431() throws Exception {
        try (WireClient c = new WireClient(f.port())) {
            String big = "X-Big: " + "a".repeat(70 * 1024) + "\r\n";
            WireClient.Reply reply = c.send("GET http://origin.test/ HTTP/1.1\r\nHost: origin.test\r\n" + big + "\r\n")
                    .readReply();
            assertEquals(431, reply.status());
        }
        assertTrue(failed(1).get(0).reason().contains("431"));
        goodRequestsStillWork();
    }

    @Test
    void bytesThatAreNotTlsAfterConnectAreRelayedAsAPlainStreamAndRecorded() throws Exception {
        byte[] junk = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00};
        try (WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            c.send(junk);
            c.closedWithoutData();   // the TLS origin answers these bytes with an alert, or nothing, then closes
        }
        ConnectionRow row = f.connections(r -> "raw".equals(r.protocol()), 1).get(0);
        assertEquals(ConnectionOutcome.PLAIN, row.outcome());
        assertArrayEquals(junk, row.rawClientHead());
        goodRequestsStillWork();
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRecordedAsRejectingTheCertificate() throws Exception {
        try (WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            assertThrows(IOException.class, () -> c.startTls("origin.test", ProxyFixture.ORIGIN_PKI.caCertificate()));
        }
        ConnectionRow row = f.connections(c -> c.outcome() == ConnectionOutcome.REJECTED, 1).get(0);
        assertTrue(row.reason().contains("client rejected trygr's certificate"), row.reason());
        // What happens next (auto-passthrough for this client and host) is RoutingModesTest's subject.
    }

    @Test
    void idleConnectionsAreClosedAfterTheTimeout() throws Exception {
        try (WireClient c = new WireClient(f.port())) {
            c.send("GET http://origin.test");   // half a request line, then silence
            long start = System.nanoTime();
            assertTrue(c.closedWithoutData());
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(waited >= 1500 && waited < 9000, "closed after " + waited + " ms");
        }
        assertTrue(f.connections(1).stream().anyMatch(r -> "client idle timeout".equals(r.reason())));
        try (WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            c.startTls("origin.test", ProxyFixture.CA.certificate());
            c.send("GET /after HTTP/1.1\r\nHost: origin.test\r\n\r\n");
            assertEquals(200, c.readReply().status());
        }
    }

    @Test
    void aClientGoingAwayMidRequestIsRecordedAsAFailedFlow() throws Exception {
        try (WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            c.startTls("origin.test", ProxyFixture.CA.certificate());
            c.send("POST /upload HTTP/1.1\r\nHost: origin.test\r\nContent-Length: 100000\r\n\r\npartial");
        }
        List<FlowSummary> flows = f.flows(1);
        assertTrue(flows.get(0).error().startsWith("client closed the connection"), flows.get(0).error());
        goodRequestsStillWork();
    }

    @Test
    void listeningBeyondLoopbackWithoutAnAllowRangeIsRefused() {
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> ProxyServer.start(
                ProxyOptions.defaults().withModes(List.of(ModeSpec.parse("regular@0.0.0.0:0"))),
                event -> { }, null, null, true));
        assertTrue(e.getMessage().contains("--allow"), e.getMessage());
    }

    @Test
    void aPortInUseIsAClearStartError() {
        int used = f.port();
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> ProxyServer.start(
                ProxyOptions.defaults().withModes(List.of(ModeSpec.parse("regular@127.0.0.1:" + used))),
                event -> { }, null, null, true));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + used), e.getMessage());
    }

    private List<ConnectionRow> failed(int atLeast) throws InterruptedException {
        return f.connections(r -> r.outcome() == ConnectionOutcome.FAILED, atLeast);
    }
}
