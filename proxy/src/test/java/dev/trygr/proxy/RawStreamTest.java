package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tunnel that carries something other than HTTP after TLS (the MCS push channel does) is relayed byte for
 * byte, and recorded as a raw stream with its byte counts and first bytes.
 */
class RawStreamTest {

    @TempDir
    Path dir;

    /** A TLS server that sends a greeting, then echoes every byte until the client closes. */
    private static Thread echoServer(SSLServerSocket server) {
        Thread t = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {41, 3, 0x08, 0x01});   // like an MCS version byte and a tiny frame
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the client went away: the test asserts on what it saw
            }
        }, "raw-echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void nonHttpBytesInsideAnInterceptedTunnelAreRelayedAndRecordedAsARawStream() throws Exception {
        SSLServerSocket server = (SSLServerSocket) ProxyFixture.ORIGIN_LEAF.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread echo = echoServer(server);
        int port = server.getLocalPort();
        try (server; ProxyFixture f = new ProxyFixture(dir, RawHttpsOrigin.startPlain(Responder.json("{}")),
                o -> new ProxyOptions(o.modes(), List.of(ConnectToRule.parse("origin.test:5228:127.0.0.1:" + port)),
                        o.intercept(), o.access(), 64, o.idleTimeout(), o.connectTimeout(), o.shutdownGrace()))) {
            byte[] login = new byte[300];
            for (int i = 0; i < login.length; i++) {
                login[i] = (byte) (i * 7 + 1);
            }
            login[0] = 41;   // not an HTTP method: the proxy must not try to parse it
            try (WireClient c = new WireClient(f.port())) {
                assertEquals(200, c.connect("origin.test:5228").status());
                c.startTls("origin.test", ProxyFixture.CA.certificate());
                c.send(login);
                byte[] back = c.readExactly(4 + login.length);
                assertArrayEquals(new byte[] {41, 3, 0x08, 0x01}, Arrays.copyOf(back, 4));
                assertArrayEquals(login, Arrays.copyOfRange(back, 4, back.length));
            }
            echo.join(10_000);
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.INTERCEPTED, row.outcome());
            assertEquals("raw", row.protocol());
            assertEquals(5228, row.targetPort());
            assertTrue(row.bytesFromClient() > login.length && row.bytesToUpstream() > login.length,
                    "wire bytes each way include TLS overhead: " + row);
            assertArrayEquals(Arrays.copyOf(login, 64), row.rawClientHead(), "first bytes up to --max-body");
            assertArrayEquals(new byte[] {41, 3, 0x08, 0x01}, Arrays.copyOf(row.rawUpstreamHead(), 4));
            assertTrue(f.flows().isEmpty(), "no HTTP flow was invented");
        }
    }

    @Test
    void passthroughHostsAreRelayedUntouchedWithTheirSni() throws Exception {
        SSLServerSocket server = (SSLServerSocket) ProxyFixture.ORIGIN_LEAF.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread echo = echoServer(server);
        int port = server.getLocalPort();
        UnaryOperator<ProxyOptions> passthrough = o -> new ProxyOptions(o.modes(),
                List.of(ConnectToRule.parse("origin.test:443:127.0.0.1:" + port)),
                new InterceptPolicy(List.of(), List.of("*.test")), o.access(), o.maxBodyBytes(), o.idleTimeout(),
                o.connectTimeout(), o.shutdownGrace());
        try (server; ProxyFixture f = new ProxyFixture(dir, RawHttpsOrigin.startPlain(Responder.json("{}")), passthrough)) {
            try (WireClient c = new WireClient(f.port())) {
                assertEquals(200, c.connect("origin.test:443").status());
                // the origin's own certificate arrives: trygr did not intercept
                c.startTls("origin.test", ProxyFixture.ORIGIN_PKI.caCertificate());
                c.send(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {41, 3, 0x08, 0x01, 1, 2, 3}, c.readExactly(7));
            }
            echo.join(10_000);
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.PASSTHROUGH, row.outcome());
            assertEquals("origin.test", row.sni());
            assertTrue(row.bytesFromClient() > 0 && row.bytesFromUpstream() > 0);
        }
    }
}
