package dev.trygr.capture.har;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.RawBytes;
import dev.trygr.capture.CaptureEvent.WsMessage;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionRow;
import dev.trygr.capture.StoredBody;
import dev.trygr.capture.WriterOptions;
import dev.trygr.capture.WsMessageRow;
import dev.trygr.capture.ring.RingFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.trygr.capture.har.HarChecks.JSON;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** capture → HAR → new capture → HAR keeps what a HAR can carry, byte for byte where it can. */
class HarRoundTripTest {
    private static final long T0 = 1_700_000_000_123_456L;
    private static final String JSON_BODY = "{\"name\":\"Fräulein ☃\",\"list\":[1,2,3]}";

    @TempDir
    Path dir;

    private static BodySnapshot body(byte[] bytes) {
        return new BodySnapshot(bytes, bytes.length, false, null);
    }

    private static BodySnapshot body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    private static FlowCompleted flow(long key, long at, String method, String host, int port, String target,
                                      String version, List<Header> requestHeaders, BodySnapshot requestBody, int status,
                                      String reason, List<Header> responseHeaders, BodySnapshot responseBody,
                                      String error) {
        int q = target.indexOf('?');
        return new FlowCompleted(key, at, "10.0.0.7", 51_000 + (int) key, "https", method, host, port, target,
                q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), version,
                requestHeaders, requestBody, status, reason, status == 0 ? null : version, responseHeaders,
                responseBody, at + 1_250, status == 0 ? 0 : at + 31_003, status == 0 ? 0 : at + 40_001, error);
    }

    private static byte[] allBytes() {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    /** Every shape a flow can take that HAR has room for. */
    private List<CaptureEvent> story() {
        List<CaptureEvent> events = new ArrayList<>();
        events.add(new ConnectionOpened(1, T0, "10.0.0.7", 51_001, "regular@127.0.0.1:8080", "127.0.0.1:8080"));
        events.add(flow(1, T0 + 10, "GET", "api.ring.com", 443, "/clients_api/ring_devices?a=1&b=%20x&b=2&empty=",
                "HTTP/1.1",
                headers("Host", "api.ring.com", "hardware_id", "6f1c2a9e-0000-4000-8000-1234567890ab", "2fa-code", "",
                        "Accept", "application/json", "accept", "text/plain", "X-Dup", "1", "X-Dup", "2"),
                BodySnapshot.EMPTY, 200, "OK",
                headers("Content-Type", "application/json; charset=utf-8", "Set-Cookie", "a=1; Path=/; HttpOnly",
                        "Set-Cookie", "b=2; Secure; SameSite=Lax", "X-Empty", ""),
                body(JSON_BODY), null));
        events.add(flow(1, T0 + 100_000, "POST", "api.ring.com", 443, "/upload", "HTTP/1.1",
                headers("Content-Type", "application/octet-stream"), body(allBytes()), 201, "Created",
                headers("Content-Type", "image/png"), body(Arrays.copyOf(allBytes(), 300)), null));
        events.add(flow(1, T0 + 200_000, "GET", "api.ring.com", 443, "/gz", "HTTP/1.1",
                headers("Accept-Encoding", "gzip"), BodySnapshot.EMPTY, 200, "OK",
                headers("Content-Type", "application/json", "Content-Encoding", "gzip", "Vary", "Accept-Encoding"),
                body(RingFixtures.gzip(JSON_BODY)), null));
        events.add(flow(1, T0 + 300_000, "PUT", "api.ring.com", 443, "/big", "HTTP/1.1",
                headers("Content-Type", "text/plain"),
                new BodySnapshot("x".repeat(100).getBytes(StandardCharsets.US_ASCII), 5_000, true, null),
                404, "Not Found", headers("Content-Length", "0"), BodySnapshot.EMPTY, null));
        events.add(new ConnectionClosed(1, T0 + 1_000_000, ConnectionOutcome.INTERCEPTED, null, "api.ring.com", 443,
                "52.1.2.3:443", "api.ring.com", "http/1.1", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "http/1.1", 1, 2, 3,
                4, RawBytes.NONE));
        events.add(flow(2, T0 + 400_000, "GET", "example.com", 8443, "/h2", "HTTP/2",
                headers(":authority", "example.com:8443", "user-agent", "ua"), BodySnapshot.EMPTY, 204, null,
                headers("server", "x"), BodySnapshot.EMPTY, null));
        events.add(flow(3, T0 + 500_000, "POST", "oauth.example.org", 443, "/gone", "HTTP/1.1",
                headers("Content-Type", "application/json"), body("{\"q\":1}"), 0, null, List.of(),
                BodySnapshot.EMPTY, "upstream closed before responding"));
        events.add(new ConnectionOpened(4, T0 + 600_000, "10.0.0.8", 52_000, "regular@127.0.0.1:8080", "127.0.0.1:8080"));
        events.add(flow(4, T0 + 600_010, "GET", "ws.example.org", 443, "/socket", "HTTP/1.1",
                headers("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", "abc=="),
                BodySnapshot.EMPTY, 101, "Switching Protocols",
                headers("Upgrade", "websocket", "Connection", "Upgrade"), BodySnapshot.EMPTY, null));
        events.add(new WsMessage(4, T0 + 700_001, true, 1, 11, false, "hello ☃".getBytes(StandardCharsets.UTF_8), false));
        events.add(new WsMessage(4, T0 + 700_002, false, 2, 4, false, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, false));
        events.add(new WsMessage(4, T0 + 700_003, false, 1, 2, false, "{}".getBytes(StandardCharsets.UTF_8), false));
        events.add(new WsMessage(4, T0 + 700_004, true, 8, 2, false, new byte[] {3, (byte) 0xe8}, false));
        events.add(new ConnectionClosed(4, T0 + 900_000, ConnectionOutcome.INTERCEPTED, null, "ws.example.org", 443,
                "[2001:db8::1]:443", "ws.example.org", "http/1.1", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "websocket",
                1, 2, 3, 4, RawBytes.NONE));
        return events;
    }

    private Path original() {
        Path file = dir.resolve("a.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(HarChecks.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                story().forEach(writer::submit);
            }
        }
        return file;
    }

    @Test
    void captureToHarToCaptureKeepsFlowsHeadersBodiesAndWebSocketMessages() throws Exception {
        Path a = original();
        Path har = dir.resolve("a.har");
        HarExportResult exported = HarChecks.export(a, har);
        assertEquals(7, exported.entries());
        assertEquals(4, exported.wsMessages());
        JsonNode tree = JSON.readTree(har.toFile());
        HarChecks.assertValidHar(tree);

        List<String> problems = new ArrayList<>();
        Path b = dir.resolve("b.db");
        HarImportResult imported = HarChecks.importHar(har, b, problems);
        assertEquals(List.of(), problems);
        assertEquals(7, imported.flows());
        assertEquals(1, imported.withoutResponse());
        assertEquals(4, imported.wsMessages());
        assertEquals(1, imported.decodedBodies(), "the gzip response comes back decoded");
        assertEquals(1, imported.truncatedBodies());
        assertEquals(0, imported.skippedTotal());

        try (CaptureReader ra = CaptureReader.open(a); CaptureReader rb = CaptureReader.open(b)) {
            SessionRow session = rb.sessions().get(0);
            assertEquals(List.of(HarImport.MODE), session.modes());
            assertTrue(session.optionsJson().contains("\"har\":\"a.har\""), session.optionsJson());
            assertTrue(session.optionsJson().contains("\"har-creator\":\"trygr 0.1.0-test\""), session.optionsJson());
            assertFalse(session.storeSecrets());

            List<FlowSummary> before = ra.flows(FlowQuery.ALL);
            List<FlowSummary> after = rb.flows(FlowQuery.ALL);
            assertEquals(before.size(), after.size());
            // the export is in flow id order, the import in time order: both are the story's order here
            for (int i = 0; i < before.size(); i++) {
                FlowDetail x = ra.flow(before.get(i).id()).orElseThrow();
                FlowDetail y = rb.flow(after.get(i).id()).orElseThrow();
                assertSameFlow(x, y);
            }

            FlowDetail gz = rb.flow(after.get(2).id()).orElseThrow();
            assertEquals(headers("Content-Type", "application/json", "X-Trygr-Decoded-Content-Encoding", "gzip",
                    "Vary", "Accept-Encoding"), gz.responseHeaders(), "renamed in place, value and order kept");
            assertArrayEquals(JSON_BODY.getBytes(StandardCharsets.UTF_8), gz.responseBody().data());
            assertNull(gz.responseBody().contentEncoding(), "the stored bytes claim no encoding");

            FlowDetail big = rb.flow(after.get(3).id()).orElseThrow();
            assertTrue(big.requestBody().truncated());
            assertEquals(5_000, big.requestBody().originalLength(), "what the export noted in _trygr");
            assertEquals("x".repeat(100), new String(big.requestBody().data(), StandardCharsets.US_ASCII));

            List<WsMessageRow> wsBefore = ra.wsMessages(null);
            List<WsMessageRow> wsAfter = rb.wsMessages(null);
            assertEquals(wsBefore.size(), wsAfter.size());
            long upgrade = after.get(6).id();
            for (int i = 0; i < wsBefore.size(); i++) {
                WsMessageRow x = wsBefore.get(i);
                WsMessageRow y = wsAfter.get(i);
                assertEquals(upgrade, y.flowId(), "linked to its upgrade flow");
                assertEquals(x.atMicros(), y.atMicros());
                assertEquals(x.fromClient(), y.fromClient());
                assertEquals(x.opcode(), y.opcode());
                assertArrayEquals(x.data(), y.data());
                assertEquals(x.length(), y.length(), "the wire length, noted in _trygr when it differs");
                assertEquals(x.compressed(), y.compressed());
                assertEquals(x.truncated(), y.truncated());
            }

            ConnectionRow first = rb.connection(after.get(0).connectionId()).orElseThrow();
            assertEquals("52.1.2.3:443", first.upstreamAddress());
            assertEquals(HarImport.MODE, first.mode());
            assertEquals("10.0.0.7", first.clientAddress());
            assertEquals(after.get(0).connectionId(), after.get(3).connectionId(), "one HAR connection, one row");
            assertEquals("[2001:db8::1]:443", rb.connection(after.get(6).connectionId()).orElseThrow().upstreamAddress());
            assertNull(after.get(4).connectionId(), "a flow whose connection the capture never saw opened has none");
        }

        // … and back out: the HAR of the imported capture carries the same headers and bodies as the first one
        Path har2 = dir.resolve("b.har");
        HarChecks.export(b, har2);
        JsonNode again = JSON.readTree(har2.toFile());
        HarChecks.assertValidHar(again);
        JsonNode e1 = tree.get("log").get("entries");
        JsonNode e2 = again.get("log").get("entries");
        for (int i = 0; i < e1.size(); i++) {
            for (String part : List.of("request", "response")) {
                assertEquals(e1.get(i).get(part).get("headers"), e2.get(i).get(part).get("headers"), part + " " + i);
                assertEquals(e1.get(i).get(part).get("url"), e2.get(i).get(part).get("url"));
                assertEquals(e1.get(i).get(part).get("status"), e2.get(i).get(part).get("status"));
            }
            assertEquals(e1.get(i).get("response").get("content").get("text"),
                    e2.get(i).get("response").get("content").get("text"), "content " + i);
            assertEquals(e1.get(i).get("startedDateTime"), e2.get(i).get("startedDateTime"));
            assertEquals(e1.get(i).get("timings"), e2.get(i).get("timings"));
            assertEquals(e1.get(i).get("_webSocketMessages"), e2.get(i).get("_webSocketMessages"));
            assertEquals(e1.get(i).get("serverIPAddress"), e2.get(i).get("serverIPAddress"));
        }
    }

    @Test
    void theHarHoldsWhatBrowsersAndToolsExpect() throws Exception {
        Path har = dir.resolve("a.har");
        HarChecks.export(original(), har);
        JsonNode entries = JSON.readTree(har.toFile()).get("log").get("entries");

        JsonNode get = entries.get(0);
        assertEquals("2023-11-14T22:13:20.123466Z", get.get("startedDateTime").asText());
        assertEquals("https://api.ring.com/clients_api/ring_devices?a=1&b=%20x&b=2&empty=",
                get.get("request").get("url").asText());
        assertEquals(List.of("a: 1", "b:  x", "b: 2", "empty: "), HarChecks.names(get.get("request").get("queryString")));
        assertEquals(List.of("Host: api.ring.com", "hardware_id: 6f1c2a9e-0000-4000-8000-1234567890ab", "2fa-code: ",
                "Accept: application/json", "accept: text/plain", "X-Dup: 1", "X-Dup: 2"),
                HarChecks.names(get.get("request").get("headers")));
        assertEquals(2, get.get("response").get("cookies").size());
        assertTrue(get.get("response").get("cookies").get(0).get("httpOnly").asBoolean());
        assertEquals(JSON_BODY, get.get("response").get("content").get("text").asText());
        assertEquals(JSON_BODY.getBytes(StandardCharsets.UTF_8).length, get.get("response").get("content").get("size").asInt());
        assertEquals("52.1.2.3", get.get("serverIPAddress").asText());
        assertTrue(get.get("connection").asText().matches("\\d+"));
        assertEquals(1.25, get.get("timings").get("send").asDouble(), 1e-9);
        assertEquals(29.753, get.get("timings").get("wait").asDouble(), 1e-9);
        assertEquals(8.998, get.get("timings").get("receive").asDouble(), 1e-9);
        assertEquals(40.001, get.get("time").asDouble(), 1e-9);
        assertEquals("10.0.0.7", get.get("_trygr").get("clientAddress").asText());

        JsonNode binary = entries.get(1);
        assertEquals("base64", binary.get("request").get("postData").get("encoding").asText());
        assertEquals("base64", binary.get("response").get("content").get("encoding").asText());
        assertEquals(512, binary.get("request").get("bodySize").asInt());

        JsonNode gz = entries.get(2).get("response");
        assertEquals(JSON_BODY, gz.get("content").get("text").asText(), "HAR's content.text is decoded");
        assertEquals(gz.get("content").get("size").asLong() - gz.get("bodySize").asLong(),
                gz.get("content").get("compression").asLong());
        assertTrue(HarChecks.names(gz.get("headers")).contains("Content-Encoding: gzip"));

        JsonNode big = entries.get(3);
        assertTrue(big.get("_trygr").get("request").get("truncated").asBoolean());
        assertTrue(big.get("request").get("postData").get("comment").asText().contains("first 100 of 5000 bytes"));

        JsonNode h2 = entries.get(4);
        assertEquals("https://example.com:8443/h2", h2.get("request").get("url").asText());
        assertEquals("HTTP/2", h2.get("request").get("httpVersion").asText());

        JsonNode gone = entries.get(5).get("response");
        assertEquals(0, gone.get("status").asInt());
        assertEquals("upstream closed before responding", gone.get("_error").asText());

        JsonNode ws = entries.get(6).get("_webSocketMessages");
        assertEquals(4, ws.size());
        assertEquals("send", ws.get(0).get("type").asText());
        assertEquals("hello ☃", ws.get(0).get("data").asText());
        assertEquals("1700000000.823457", ws.get(0).get("time").decimalValue().toPlainString());
        assertEquals("receive", ws.get(1).get("type").asText());
        assertEquals(2, ws.get(1).get("opcode").asInt());
        assertEquals("AAH+/w==", ws.get(1).get("data").asText());
        assertEquals(8, ws.get(3).get("opcode").asInt());
        assertEquals("2001:db8::1", entries.get(6).get("serverIPAddress").asText());
    }

    private static void assertSameFlow(FlowDetail x, FlowDetail y) {
        FlowSummary a = x.summary();
        FlowSummary b = y.summary();
        String what = a.method() + " " + a.target();
        assertEquals(a.startedMicros(), b.startedMicros(), what);
        assertEquals(a.scheme(), b.scheme(), what);
        assertEquals(a.method(), b.method(), what);
        assertEquals(a.host(), b.host(), what);
        assertEquals(a.port(), b.port(), what);
        assertEquals(a.target(), b.target(), what);
        assertEquals(a.path(), b.path(), what);
        assertEquals(a.query(), b.query(), what);
        assertEquals(a.status(), b.status(), what);
        assertEquals(a.error(), b.error(), what);
        assertEquals(a.clientAddress(), b.clientAddress(), what);
        assertEquals(a.clientPort(), b.clientPort(), what);
        assertEquals(a.durationMicros(), b.durationMicros(), what);
        assertEquals(x.httpVersion(), y.httpVersion(), what);
        assertEquals(x.reason(), y.reason(), what);
        assertEquals(x.responseVersion(), y.responseVersion(), what);
        assertEquals(x.requestDoneMicros(), y.requestDoneMicros(), what);
        assertEquals(x.responseStartMicros(), y.responseStartMicros(), what);
        assertEquals(x.responseDoneMicros(), y.responseDoneMicros(), what);
        assertEquals(x.requestHeaders(), y.requestHeaders(), what);
        List<Header> expected = new ArrayList<>();
        for (Header h : x.responseHeaders()) {
            boolean decoded = h.name().equalsIgnoreCase("Content-Encoding");
            expected.add(decoded ? new Header("X-Trygr-Decoded-" + h.name(), h.value()) : h);
        }
        assertEquals(expected, y.responseHeaders(), what);
        assertSameBody(x.requestBody(), y.requestBody(), what);
        if (x.responseBody() == null || x.responseBody().contentEncoding() == null) {
            assertSameBody(x.responseBody(), y.responseBody(), what);
        }
    }

    private static void assertSameBody(StoredBody a, StoredBody b, String what) {
        if (a == null) {
            assertNull(b, what);
            return;
        }
        assertArrayEquals(a.data(), b.data(), what);
        assertEquals(a.originalLength(), b.originalLength(), what);
        assertEquals(a.truncated(), b.truncated(), what);
        assertEquals(a.contentType(), b.contentType(), what);
    }
}
