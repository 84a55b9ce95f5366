package dev.trygr.proxy;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.WsMessageRow;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.trygr.proxy.testing.WsFrames.stream;
import static dev.trygr.proxy.testing.WsFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades spoken by hand over a raw TLS origin, for what real clients do not easily produce: frames in the same
 * write as the 101, a stream that is not WebSocket after all, an upgrade to something else.
 */
@Timeout(60)
class WebSocketUpgradeTest {
    private static final byte[] WELCOME = stream().frame(true, false, 1, false, utf8("welcome")).bytes();
    private static final byte[] BYE = stream().frame(true, false, 1, false, utf8("bye"))
            .frame(true, false, 8, false, new byte[] {0x03, (byte) 0xe8}).bytes();

    @TempDir
    Path dir;

    /**
     * A TLS origin for one connection: reads the request head, answers 101 with {@code firstBytes} in the same write,
     * reads {@code expect} bytes, answers {@code reply} and closes. Completes with the bytes it read after the head.
     */
    private static CompletableFuture<byte[]> origin(SSLServerSocket server, byte[] firstBytes, int expect,
                                                    byte[] reply) {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                String head = readHead(in);
                String upgrade = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("upgrade:"))
                        .findFirst().orElse("Upgrade: ?");
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                answer.writeBytes(("HTTP/1.1 101 Switching Protocols\r\n" + upgrade + "\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                answer.writeBytes(firstBytes);
                OutputStream out = s.getOutputStream();
                out.write(answer.toByteArray());   // one write: the frame arrives with the head
                out.flush();
                byte[] got = in.readNBytes(expect);
                out.write(reply);
                out.flush();
                read.complete(got);
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        }, "upgrade-origin");
        t.setDaemon(true);
        t.start();
        return read;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the request head");
            }
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    private ProxyFixture fixture(SSLServerSocket server) throws Exception {
        return new ProxyFixture(dir, RawHttpsOrigin.startPlain(Responder.json("{}")), o -> new ProxyOptions(o.modes(),
                List.of(ConnectToRule.parse("origin.test:443:127.0.0.1:" + server.getLocalPort())),
                o.intercept(), o.access(), o.maxBodyBytes(), o.idleTimeout(), o.connectTimeout(), o.shutdownGrace()));
    }

    private static SSLServerSocket tlsServer() throws IOException {
        return (SSLServerSocket) ProxyFixture.ORIGIN_LEAF.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    private static String upgradeRequest(String upgrade) {
        return "GET /ws?authcode=SECRET HTTP/1.1\r\nHost: origin.test\r\nUpgrade: " + upgrade
                + "\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    private static WireClient upgraded(ProxyFixture f, String upgrade) throws IOException {
        WireClient c = new WireClient(f.port());
        assertEquals(200, c.connect("origin.test:443").status());
        c.startTls("origin.test", ProxyFixture.CA.certificate());
        c.send(upgradeRequest(upgrade));
        assertEquals(101, c.readReply().status());
        return c;
    }

    private static List<WsMessageRow> wsMessages(ProxyFixture f) {
        f.writer.flush();
        try (CaptureReader reader = f.capture.reader()) {
            return reader.wsMessages(null);
        }
    }

    @Test
    void framesThatCameWithThe101AreRelayedAndRecorded() throws Exception {
        byte[] hi = stream().frame(true, false, 1, true, utf8("hi")).bytes();
        try (SSLServerSocket server = tlsServer(); ProxyFixture f = fixture(server)) {
            CompletableFuture<byte[]> originRead = origin(server, WELCOME, hi.length, BYE);
            try (WireClient c = upgraded(f, "websocket")) {
                assertArrayEquals(WELCOME, c.readExactly(WELCOME.length));
                c.send(hi);
                assertArrayEquals(BYE, c.readExactly(BYE.length));
            }
            assertArrayEquals(hi, originRead.get(10, TimeUnit.SECONDS), "relayed byte for byte");
            ConnectionRow connection = f.connections(1).get(0);
            assertEquals("websocket", connection.protocol());
            FlowSummary flow = f.flows(1).get(0);
            List<String> rows = new ArrayList<>();
            for (WsMessageRow r : wsMessages(f)) {
                assertEquals(flow.id(), r.flowId());
                String data = r.opcode() == 8 ? HexFormat.of().formatHex(r.data())
                        : new String(r.data(), StandardCharsets.UTF_8);
                rows.add((r.fromClient() ? "client " : "server ") + r.opcode() + " " + data
                        + (r.truncated() ? " cut" : ""));
            }
            assertEquals(List.of("server 1 welcome", "client 1 hi", "server 1 bye", "server 8 03e8"), rows);
        }
    }

    @Test
    void aStreamThatIsNotWebSocketIsRelayedUntouchedAndNoted() throws Exception {
        byte[] garbage = "this is not a websocket frame".getBytes(StandardCharsets.US_ASCII);
        try (SSLServerSocket server = tlsServer(); ProxyFixture f = fixture(server)) {
            CompletableFuture<byte[]> originRead = origin(server, WELCOME, garbage.length, BYE);
            try (WireClient c = upgraded(f, "websocket")) {
                assertArrayEquals(WELCOME, c.readExactly(WELCOME.length));
                c.send(garbage);
                assertArrayEquals(BYE, c.readExactly(BYE.length), "the relay goes on");
            }
            assertArrayEquals(garbage, originRead.get(10, TimeUnit.SECONDS));
            ConnectionRow connection = f.connections(1).get(0);
            assertEquals("websocket", connection.protocol());
            assertTrue(connection.reason() != null && connection.reason().contains("client-to-server not parsed"),
                    String.valueOf(connection.reason()));
            List<WsMessageRow> rows = wsMessages(f);
            assertTrue(rows.stream().noneMatch(WsMessageRow::fromClient), rows.toString());
            assertEquals(3, rows.size(), "the server's side is still read: " + rows);
        }
    }

    @Test
    void anUpgradeToSomethingElseStaysARawStream() throws Exception {
        byte[] greeting = "HELLO RAW".getBytes(StandardCharsets.US_ASCII);
        byte[] ping = "PING".getBytes(StandardCharsets.US_ASCII);
        byte[] pong = "PONG".getBytes(StandardCharsets.US_ASCII);
        try (SSLServerSocket server = tlsServer(); ProxyFixture f = fixture(server)) {
            CompletableFuture<byte[]> originRead = origin(server, greeting, ping.length, pong);
            try (WireClient c = upgraded(f, "x-raw-protocol")) {
                assertArrayEquals(greeting, c.readExactly(greeting.length));
                c.send(ping);
                assertArrayEquals(pong, c.readExactly(pong.length));
            }
            assertArrayEquals(ping, originRead.get(10, TimeUnit.SECONDS));
            ConnectionRow connection = f.connections(1).get(0);
            assertEquals("raw", connection.protocol());
            assertArrayEquals(ping, connection.rawClientHead());
            byte[] upstreamHead = connection.rawUpstreamHead();
            assertTrue(upstreamHead != null && Arrays.equals(pong,
                    Arrays.copyOfRange(upstreamHead, upstreamHead.length - pong.length, upstreamHead.length)),
                    "raw bytes are kept for other upgrades");
            assertTrue(wsMessages(f).isEmpty());
        }
    }
}
