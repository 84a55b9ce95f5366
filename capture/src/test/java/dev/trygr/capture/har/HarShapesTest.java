package dev.trygr.capture.har;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.WsMessageRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.trygr.capture.har.HarChecks.JSON;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAR files in the shapes Chrome DevTools and mitmproxy write (small fixtures written by hand from their exporters). */
class HarShapesTest {
    /** A 1×1 PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /** Chrome's "Save all as HAR (with content)": keys in Chrome's order, h2 pseudo-headers, wss:// URLs. */
    private static final String CHROME = """
            {
              "log": {
                "version": "1.2",
                "creator": {"name": "WebInspector", "version": "537.36"},
                "pages": [{"startedDateTime": "2024-03-01T10:00:00.000Z", "id": "page_1",
                           "title": "https://account.ring.com/", "pageTimings": {"onContentLoad": 301.2, "onLoad": 500}}],
                "entries": [
                  {
                    "_initiator": {"type": "script", "stack": {"callFrames": []}},
                    "_priority": "High",
                    "_resourceType": "fetch",
                    "cache": {},
                    "connection": "412775",
                    "pageref": "page_1",
                    "request": {
                      "method": "GET",
                      "url": "https://account.ring.com/api/cgw/evm/v2/history/devices?limit=50#top",
                      "httpVersion": "http/2.0",
                      "headers": [
                        {"name": ":authority", "value": "account.ring.com"},
                        {"name": ":method", "value": "GET"},
                        {"name": ":path", "value": "/api/cgw/evm/v2/history/devices?limit=50"},
                        {"name": ":scheme", "value": "https"},
                        {"name": "accept", "value": "application/json"},
                        {"name": "x-empty", "value": ""}
                      ],
                      "queryString": [{"name": "limit", "value": "50"}],
                      "cookies": [],
                      "headersSize": -1,
                      "bodySize": 0
                    },
                    "response": {
                      "status": 200,
                      "statusText": "",
                      "httpVersion": "http/2.0",
                      "headers": [
                        {"name": "content-encoding", "value": "gzip"},
                        {"name": "content-type", "value": "application/json; charset=utf-8"}
                      ],
                      "cookies": [],
                      "content": {"size": 27, "mimeType": "application/json", "compression": 10,
                                  "text": "{\\"devices\\":[{\\"id\\":12345}]}"},
                      "redirectURL": "",
                      "headersSize": -1,
                      "bodySize": -1,
                      "_transferSize": 412,
                      "_error": null
                    },
                    "serverIPAddress": "[2600:1f18::1]",
                    "startedDateTime": "2024-03-01T10:00:01.250Z",
                    "time": 85.123,
                    "timings": {"blocked": 2.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.3, "wait": 80,
                                "receive": 2.723, "_blocked_queueing": 1.5}
                  },
                  {
                    "_resourceType": "image",
                    "cache": {},
                    "connection": "412775",
                    "request": {"method": "GET", "url": "https://account.ring.com/pixel.png", "httpVersion": "http/2.0",
                                "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
                    "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0",
                                 "headers": [{"name": "content-type", "value": "image/png"}], "cookies": [],
                                 "content": {"size": 70, "mimeType": "image/png", "text": "%s", "encoding": "base64"},
                                 "redirectURL": "", "headersSize": -1, "bodySize": -1},
                    "serverIPAddress": "[2600:1f18::1]",
                    "startedDateTime": "2024-03-01T10:00:01.400Z",
                    "time": 3,
                    "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 2, "receive": 1}
                  },
                  {
                    "_resourceType": "websocket",
                    "_webSocketMessages": [
                      {"type": "send", "time": 1709287202.1234, "opcode": 1, "data": "{\\"op\\":\\"subscribe\\"}"},
                      {"type": "receive", "time": 1709287202.5, "opcode": 2, "data": "3q2+7w=="}
                    ],
                    "cache": {},
                    "connection": "412790",
                    "request": {"method": "GET", "url": "wss://stream.ring.com/socket", "httpVersion": "HTTP/1.1",
                                "headers": [{"name": "Upgrade", "value": "websocket"}], "queryString": [],
                                "cookies": [], "headersSize": -1, "bodySize": 0},
                    "response": {"status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1",
                                 "headers": [{"name": "Upgrade", "value": "websocket"}], "cookies": [],
                                 "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                                 "headersSize": -1, "bodySize": 0},
                    "serverIPAddress": "3.4.5.6",
                    "startedDateTime": "2024-03-01T10:00:02.000Z",
                    "time": 0.5,
                    "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 0.4,
                                "receive": 0}
                  },
                  {
                    "cache": {},
                    "request": {"method": "POST", "url": "https://tracker.example/collect", "httpVersion": "",
                                "headers": [{"name": "content-type", "value": "text/plain"}], "queryString": [],
                                "cookies": [], "headersSize": -1, "bodySize": 5,
                                "postData": {"mimeType": "text/plain", "text": "hello"}},
                    "response": {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                                 "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                                 "headersSize": -1, "bodySize": -1, "_transferSize": 0,
                                 "_error": "net::ERR_BLOCKED_BY_CLIENT"},
                    "startedDateTime": "2024-03-01T10:00:03.000Z",
                    "time": 0,
                    "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0}
                  }
                ]
              }
            }
            """.formatted(PNG);

    /** mitmproxy's save.har (mitmproxy/addons/savehar.py): Python isoformat times, null timings, content {} . */
    private static final String MITMPROXY = """
            {
                "log": {
                    "version": "1.2",
                    "creator": {"name": "mitmproxy exporthar", "version": "0.1", "comment": "mitmproxy version 10.2.2"},
                    "pages": [],
                    "entries": [
                        {
                            "startedDateTime": "2024-03-01T10:00:00.123456+00:00",
                            "time": 40.5,
                            "request": {
                                "method": "POST",
                                "url": "https://auth.example.com/token",
                                "httpVersion": "HTTP/1.1",
                                "cookies": [],
                                "headers": [
                                    {"name": "Host", "value": "auth.example.com"},
                                    {"name": "Content-Type", "value": "application/x-www-form-urlencoded"},
                                    {"name": "hardware_id", "value": "hw-42"}
                                ],
                                "queryString": [],
                                "headersSize": 120,
                                "bodySize": 58,
                                "postData": {
                                    "mimeType": "application/x-www-form-urlencoded",
                                    "text": "grant_type=refresh_token&refresh_token=%s",
                                    "params": [{"name": "grant_type", "value": "refresh_token"}]
                                }
                            },
                            "response": {
                                "status": 200,
                                "statusText": "OK",
                                "httpVersion": "HTTP/1.1",
                                "cookies": [],
                                "headers": [{"name": "Content-Type", "value": "application/json"}],
                                "content": {"size": 11, "compression": 0, "mimeType": "application/json",
                                            "text": "{\\"ok\\":true}"},
                                "redirectURL": "",
                                "headersSize": 60,
                                "bodySize": 11
                            },
                            "cache": {},
                            "timings": {"connect": null, "ssl": null, "send": 0.25, "receive": 0.25, "wait": 40.0},
                            "serverIPAddress": "52.1.2.3"
                        },
                        {
                            "startedDateTime": "2024-03-01T10:00:01.000000+00:00",
                            "time": 0,
                            "request": {"method": "GET", "url": "http://plain.example.com:8080/killed", "httpVersion": "HTTP/1.1",
                                        "cookies": [], "headers": [], "queryString": [], "headersSize": 0, "bodySize": 0},
                            "response": {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                                         "content": {}, "redirectURL": "", "headersSize": -1, "bodySize": -1,
                                         "_transferSize": 0, "_error": "Connection killed."},
                            "cache": {},
                            "timings": {"connect": null, "ssl": null, "send": 0, "receive": 0, "wait": 0}
                        },
                        {
                            "startedDateTime": "2024-03-01T10:00:02.000000+00:00",
                            "time": 1.0,
                            "request": {"method": "GET", "url": "https://push.example.com/ws", "httpVersion": "HTTP/1.1",
                                        "cookies": [], "headers": [{"name": "Upgrade", "value": "websocket"}],
                                        "queryString": [], "headersSize": 0, "bodySize": 0},
                            "response": {"status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1",
                                         "cookies": [], "headers": [], "content": {"size": 0, "compression": 0,
                                         "mimeType": "", "text": ""}, "redirectURL": "", "headersSize": 0, "bodySize": 0},
                            "cache": {},
                            "timings": {"connect": 1.0, "ssl": 0.5, "send": 0, "receive": 0, "wait": 0},
                            "serverIPAddress": "52.9.9.9",
                            "_resourceType": "websocket",
                            "_webSocketMessages": [
                                {"type": "send", "time": 1709287202.5, "opcode": 1, "data": "ping"},
                                {"type": "receive", "time": 1709287203.25, "opcode": 2, "data": "AAEC"}
                            ]
                        }
                    ]
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aChromeHarImports() throws Exception {
        Path har = HarChecks.write(dir, "chrome.har", CHROME);
        Path capture = dir.resolve("capture.db");
        List<String> problems = new ArrayList<>();
        HarImportResult r = HarChecks.importHar(har, capture, problems);
        assertEquals(List.of(), problems);
        assertEquals(4, r.flows());
        assertEquals(1, r.withoutResponse());
        assertEquals(2, r.wsMessages());
        assertEquals(1, r.decodedBodies());

        try (CaptureReader reader = CaptureReader.open(capture)) {
            assertTrue(reader.sessions().get(0).optionsJson().contains("\"har-creator\":\"WebInspector 537.36\""));
            List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
            FlowDetail api = reader.flow(flows.get(0).id()).orElseThrow();
            FlowSummary f = api.summary();
            assertEquals("account.ring.com", f.host());
            assertEquals(443, f.port());
            assertEquals("/api/cgw/evm/v2/history/devices?limit=50", f.target(), "fragment dropped");
            assertEquals("limit=50", f.query());
            assertEquals("http/2.0", api.httpVersion());
            assertNull(api.reason(), "HTTP/2 has no reason phrase");
            assertEquals(":authority", api.requestHeaders().get(0).name());
            assertEquals(new Header("x-empty", ""), api.requestHeaders().get(5));
            assertEquals(new Header("X-Trygr-Decoded-content-encoding", "gzip"), api.responseHeaders().get(0));
            assertEquals("{\"devices\":[{\"id\":12345}]}", new String(api.responseBody().data(), StandardCharsets.UTF_8));
            long started = Instant.parse("2024-03-01T10:00:01.250Z").toEpochMilli() * 1000;
            assertEquals(started, f.startedMicros());
            assertEquals(started + 2_100 + 300, api.requestDoneMicros(), "blocked, then send");
            assertEquals(started + 2_400 + 80_000, api.responseStartMicros());
            assertEquals(started + 85_123, api.responseDoneMicros());
            assertEquals("[2600:1f18::1]:443", reader.connection(f.connectionId()).orElseThrow().upstreamAddress());

            FlowDetail image = reader.flow(flows.get(1).id()).orElseThrow();
            assertArrayEquals(Base64.getDecoder().decode(PNG), image.responseBody().data());
            assertEquals(f.connectionId(), image.summary().connectionId(), "same Chrome connection id");

            FlowSummary ws = flows.get(2);
            assertEquals("https", ws.scheme(), "wss:// is https");
            assertEquals(101, ws.status());
            List<WsMessageRow> messages = reader.wsMessages(ws.id());
            assertEquals(2, messages.size());
            assertTrue(messages.get(0).fromClient());
            assertEquals(1_709_287_202_123_400L, messages.get(0).atMicros());
            assertEquals("{\"op\":\"subscribe\"}", new String(messages.get(0).data(), StandardCharsets.UTF_8));
            assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, messages.get(1).data());
            assertEquals("websocket", reader.connection(ws.connectionId()).orElseThrow().protocol());

            FlowSummary blocked = flows.get(3);
            assertEquals(0, blocked.status());
            assertEquals("net::ERR_BLOCKED_BY_CLIENT", blocked.error());
            assertNull(blocked.connectionId(), "no connection named, none made up");
            FlowDetail blockedDetail = reader.flow(blocked.id()).orElseThrow();
            assertEquals("hello", new String(blockedDetail.requestBody().data(), StandardCharsets.UTF_8));
            assertNull(blockedDetail.httpVersion());
        }
        exportAndValidate(capture);
    }

    @Test
    void aMitmproxyHarImports() throws Exception {
        String refresh = dev.trygr.capture.ring.RingFixtures.secret("rt");
        Path har = HarChecks.write(dir, "mitm.har", MITMPROXY.formatted(refresh));
        Path capture = dir.resolve("capture.db");
        List<String> problems = new ArrayList<>();
        HarImportResult r = HarChecks.importHar(har, capture, problems);
        assertEquals(List.of(), problems);
        assertEquals(3, r.flows());
        assertEquals(1, r.withoutResponse());
        assertEquals(2, r.wsMessages());
        assertFalse(HarChecks.diskText(capture).contains(refresh), "the form's refresh token is redacted");

        try (CaptureReader reader = CaptureReader.open(capture)) {
            List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
            FlowDetail token = reader.flow(flows.get(0).id()).orElseThrow();
            assertEquals(Instant.parse("2024-03-01T10:00:00.123456Z").toEpochMilli() * 1000 + 456,
                    token.summary().startedMicros(), "microseconds and +00:00 read");
            assertEquals(token.summary().startedMicros() + 250, token.requestDoneMicros(), "null timings are unknown");
            String form = new String(token.requestBody().data(), StandardCharsets.UTF_8);
            assertTrue(form.startsWith("grant_type=refresh_token&refresh_token=REDACTED:refresh_token:"), form);
            assertEquals(new Header("hardware_id", "hw-42"), token.requestHeaders().get(2));
            assertEquals("52.1.2.3:443", reader.connection(token.summary().connectionId()).orElseThrow().upstreamAddress());

            FlowSummary killed = flows.get(1);
            assertEquals("http", killed.scheme());
            assertEquals(8080, killed.port());
            assertEquals(0, killed.status());
            assertEquals("Connection killed.", killed.error());

            List<WsMessageRow> messages = reader.wsMessages(flows.get(2).id());
            assertEquals(List.of("ping"), messages.stream().filter(m -> m.opcode() == 1)
                    .map(m -> new String(m.data(), StandardCharsets.UTF_8)).toList());
            assertArrayEquals(new byte[] {0, 1, 2}, messages.get(1).data());
            assertEquals(1_709_287_203_250_000L, messages.get(1).atMicros());
        }
        exportAndValidate(capture);
    }

    private void exportAndValidate(Path capture) throws Exception {
        Path out = dir.resolve("again.har");
        HarChecks.export(capture, out);
        HarChecks.assertValidHar(JSON.readTree(out.toFile()));
    }
}
