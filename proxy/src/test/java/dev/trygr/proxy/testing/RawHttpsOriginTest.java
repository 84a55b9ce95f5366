package dev.trygr.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trygr.capture.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RawHttpsOriginTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestPki PKI = TestPki.create("Test Origin CA");
    private static final TestPki.Leaf LEAF = PKI.issue("localhost", "127.0.0.1");

    private static HttpClient client() {
        return ProxiedClients.directHttpClient(PKI.caCertificate());
    }

    private static HttpRequest.Builder get(RawHttpsOrigin origin, String path) {
        return HttpRequest.newBuilder(origin.uri(path)).timeout(WAIT);
    }

    @Test
    void servesJsonOverTlsAndRecordsTheRequest() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{\"hello\":1}"))) {
            HttpResponse<String> response = client().send(get(origin, "/v1/things?x=1").header("X-Test", "a")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("{\"hello\":1}", response.body());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());

            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            assertEquals("GET", r.method());
            assertEquals("/v1/things?x=1", r.target());
            assertEquals("HTTP/1.1", r.version());
            assertEquals("a", r.header("x-test").orElseThrow());
            assertTrue(r.rawHeadText().startsWith("GET /v1/things?x=1 HTTP/1.1\r\n"), r.rawHeadText());
            assertTrue(r.rawHeadText().endsWith("\r\n\r\n"));
            assertEquals(0, r.bodyLength());
            assertTrue(r.tlsProtocol().startsWith("TLSv1."), r.tlsProtocol());
            assertEquals("localhost", r.sni());
            assertEquals(List.of("localhost"), origin.sniSeen());
            assertEquals(List.of(r.tlsProtocol()), origin.tlsProtocolsSeen());
        }
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{}"))) {
            HttpClient client = client();
            for (int i = 0; i < 2; i++) {
                assertEquals(200, client.send(get(origin, "/" + i).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            List<RecordedRequest> requests = origin.awaitRequests(2, WAIT);
            assertEquals(1, origin.connectionsAccepted());
            assertEquals(List.of(1, 2), requests.stream().map(RecordedRequest::indexOnConnection).toList());
        }
    }

    @Test
    void streamsTenMebibytesThatHashAsPredicted() throws Exception {
        long size = 10L * 1024 * 1024;
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.streaming(size, 42))) {
            HttpResponse<InputStream> response = client().send(get(origin, "/big").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(Long.toString(size), response.headers().firstValue("content-length").orElseThrow());
            assertEquals(RawHttpsOrigin.sha256OfStream(size, 42), drainSha256(response.body()));
        }
        assertEquals(RawHttpsOrigin.sha256OfStream(1000, 7), RawHttpsOrigin.sha256OfStream(1000, 7));
        assertFalse(RawHttpsOrigin.sha256OfStream(1000, 7).equals(RawHttpsOrigin.sha256OfStream(1000, 8)));
    }

    @Test
    void sendsChunkedResponses() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.streamingChunked(100_000, 3))) {
            HttpResponse<byte[]> response = client().send(get(origin, "/chunked").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
            assertEquals(RawHttpsOrigin.sha256OfStream(100_000, 3), PseudoRandomStream.sha256(response.body()));
        }
    }

    @Test
    void recordsAChunkedRequestBodyFromHttpClient() throws Exception {
        byte[] payload = new byte[200_000];
        new PseudoRandomStream(payload.length, 9).read(payload, 0, payload.length);
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.echo())) {
            // an InputStream publisher has no known length, so HttpClient sends it chunked
            HttpResponse<byte[]> response = client().send(get(origin, "/upload")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            assertTrue(r.chunked());
            assertEquals(payload.length, r.bodyLength());
            assertArrayEquals(payload, r.body());
            assertEquals(PseudoRandomStream.sha256(payload), r.bodySha256());
            assertArrayEquals(payload, response.body());
        }
    }

    @Test
    void recordsRawBytesChunkExtensionsTrailersAndTheBodyCap() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.builder().maxRecordedBody(4).start();
                Socket socket = new Socket("127.0.0.1", origin.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            String head = "POST /c HTTP/1.1\r\nHost: x\r\nhardware_id: abc\r\n2fa-code:\r\nX-Dup: 1\r\n"
                    + "x-dup:  2 \r\nTransfer-Encoding: chunked\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((head + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = readResponseHead(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);

            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            assertEquals(head, r.rawHeadText());
            assertEquals(List.of("Host: x", "hardware_id: abc", "2fa-code:", "X-Dup: 1", "x-dup:  2 ",
                    "Transfer-Encoding: chunked"), r.rawHeaderLines());
            assertEquals(List.of(new Header("Host", "x"), new Header("hardware_id", "abc"),
                    new Header("2fa-code", ""), new Header("X-Dup", "1"), new Header("x-dup", "2"),
                    new Header("Transfer-Encoding", "chunked")), r.headers());
            assertEquals(List.of("1", "2"), r.headerValues("X-DUP"));
            assertTrue(r.chunked());
            assertEquals(11, r.bodyLength());
            assertEquals("hell", r.bodyText());
            assertTrue(r.bodyTruncated());
            assertEquals(PseudoRandomStream.sha256("hello world".getBytes(StandardCharsets.US_ASCII)),
                    r.bodySha256());
            assertEquals(List.of(new Header("X-Trailer", "t")), r.trailers());
            assertNull(r.tlsProtocol());
        }
    }

    @Test
    void answersExpectContinueBeforeTheBodyIsSent() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startPlain(Responder.echo());
                Socket socket = new Socket("127.0.0.1", origin.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PUT /e HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", readResponseHead(socket.getInputStream()));
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readResponseHead(socket.getInputStream()).startsWith("HTTP/1.1 200 OK\r\n"));
            assertEquals("abc", origin.awaitRequests(1, WAIT).get(0).bodyText());
        }
    }

    @Test
    void honoursConnectionClose() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startPlain(Responder.json("{}"));
                Socket socket = new Socket("127.0.0.1", origin.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] all = socket.getInputStream().readAllBytes(); // returns only because the origin closed
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("\r\nConnection: close\r\n"), text);
            assertTrue(text.endsWith("\r\n\r\n{}"), text);
        }
    }

    @Test
    void closeImmediatelyFailsTheClientAndCountsTheConnection() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.builder().tls(LEAF).closeImmediately().start()) {
            assertThrows(IOException.class, () -> client().send(get(origin, "/").build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(origin.connectionsAccepted() >= 1);
            assertEquals(List.of(), origin.requests());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheLeafFailsTheHandshake() throws Exception {
        TestPki stranger = TestPki.create("Stranger CA");
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(stranger.issue("localhost"), Responder.json("{}"))) {
            assertThrows(IOException.class, () -> client().send(get(origin, "/").build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals(List.of(), origin.requests());
        }
    }

    @Test
    void noResponseClosesAfterRecording() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.noResponse())) {
            assertThrows(IOException.class, () -> client().send(get(origin, "/token").build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals("/token", origin.awaitRequests(1, WAIT).get(0).target());
        }
    }

    @Test
    void awaitRequestsGivesUpAfterTheTimeout() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startPlain(Responder.json("{}"))) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> origin.awaitRequests(1, Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        }
    }

    private static String drainSha256(InputStream body) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(body, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
