package dev.trygr.reports.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.analyzer.report.Report;
import dev.trygr.analyzer.report.ReportBuilder;
import dev.trygr.analyzer.report.ReportOptions;
import dev.trygr.analyzer.report.ReportProgress;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTML, JSON and text of a report: escaping, self-containment, every section, and the empty case. */
class ReportRenderingTest {
    static final long T0 = 1_700_000_000_000_000L;
    static final String HOSTILE_UA = "<img src=x onerror=alert(1)>\"'&";
    static final String HOSTILE_HOST = "x.example\"><script>alert(2)</script>";
    static final String TOKEN = "TOKEN-SECRET-abcdefghijklmnopqrstu";
    static final List<String> SECTIONS = List.of("summary", "destinations", "personal_data", "credentials", "push",
            "endpoints", "security", "dns", "activity");

    static Report capture(Path file, boolean withTraffic) {
        List<CaptureEvent> events = new ArrayList<>();
        if (withTraffic) {
            events.add(new ConnectionOpened(1, T0, "10.0.0.9", 40_001, "transparent@0.0.0.0:443", "0.0.0.0:443"));
            events.add(new ConnectionClosed(1, T0 + 5_000_000, ConnectionOutcome.INTERCEPTED, null, "api.mixpanel.com",
                    443, "203.0.113.1:443", "api.mixpanel.com", "http/1.1", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                    "http/1.1", 500, 900, 900, 500, CaptureEvent.RawBytes.NONE));
            for (int i = 0; i < 3; i++) {
                long at = T0 + 1_000_000L * (i + 1);
                events.add(flow(1, at, "https", "api.mixpanel.com", "/track/" + (100 + i) + "?token=" + TOKEN,
                        List.of(new Header("User-Agent", HOSTILE_UA), new Header("Authorization", "Bearer " + TOKEN)),
                        "{\"event\":\"open\",\"<b>field</b>\":1}"));
            }
            events.add(flow(1, T0 + 4_000_000, "http", HOSTILE_HOST, "/<i>path</i>",
                    List.of(new Header("User-Agent", HOSTILE_UA)), null));
        }
        try (Capture capture = Capture.open(file)) {
            if (withTraffic) {
                long session = capture.startSession(new SessionInfo("0.1.0-test", List.of("transparent@0.0.0.0:443"),
                        null, false, false, 1 << 20, Map.of()));
                try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                    events.forEach(writer::submit);
                    writer.flush();
                }
                capture.endSession(session);
            }
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            return ReportBuilder.build(reader, ReportOptions.defaults("trygr test"), ReportProgress.NONE);
        }
    }

    private static FlowCompleted flow(long conn, long at, String scheme, String host, String target,
                                      List<Header> headers, String body) {
        int q = target.indexOf('?');
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        BodySnapshot snapshot = new BodySnapshot(b, b.length, false, null);
        List<Header> request = new ArrayList<>(headers);
        if (body != null) {
            request.add(new Header("Content-Type", "application/json"));
        }
        return new FlowCompleted(conn, at, "10.0.0.9", 40_001, scheme, "POST", host, 443, target,
                q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), "HTTP/1.1", request,
                snapshot, 200, "OK", "HTTP/1.1", List.of(new Header("Content-Type", "application/json")),
                new BodySnapshot("{\"ok\":1}".getBytes(StandardCharsets.UTF_8), 8, false, null), at + 10, at + 20,
                at + 30, null);
    }

    static String render(Report r, ReportFormat f) throws IOException {
        StringWriter out = new StringWriter();
        f.write(r, out);
        return out.toString();
    }

    @Test
    void htmlEscapesEverythingItQuotes(@TempDir Path dir) throws IOException {
        String html = render(capture(dir.resolve("c.db"), true), ReportFormat.HTML);
        assertFalse(html.contains("<script"), "no script element, hostile or not");
        assertFalse(html.contains("<img"), html.substring(0, 200));
        assertFalse(html.contains("<b>field"));
        assertFalse(html.contains("<i>path"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the hostile user agent is shown, escaped");
        assertTrue(html.contains("x.example&quot;&gt;&lt;script&gt;"), "the hostile host is shown, escaped");
        assertFalse(html.contains(TOKEN), "no raw secret");
    }

    @Test
    void htmlIsSelfContainedAndHasEverySection(@TempDir Path dir) throws IOException {
        String html = render(capture(dir.resolve("c.db"), true), ReportFormat.HTML);
        Matcher refs = Pattern.compile("(?i)\\b(src|href|action|xlink:href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (refs.find()) {
            assertTrue(refs.group(2).startsWith("#"), "only in-page links: " + refs.group());
        }
        assertFalse(Pattern.compile("(?i)<(link|iframe|object|embed|base|img|script)\\b").matcher(html).find());
        assertFalse(html.contains("url("), "no CSS fetch");
        assertFalse(html.contains("@import"));
        for (String id : SECTIONS) {
            assertTrue(html.contains("<section class=\"report\" id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(html.contains("<svg viewBox="), "charts are inline SVG");
        assertTrue(html.contains("api.mixpanel.com") && html.contains("Mixpanel"));
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void jsonCarriesEverySectionAndParses(@TempDir Path dir) throws IOException {
        Report r = capture(dir.resolve("c.db"), true);
        JsonNode json = new ObjectMapper().readTree(render(r, ReportFormat.JSON));
        assertEquals(ReportJson.SCHEMA_VERSION, json.path("report_schema").asInt());
        for (String key : List.of("meta", "summary", "findings", "destinations", "personal_data", "credentials",
                "push", "endpoints", "security", "dns", "activity")) {
            assertTrue(json.has(key), key);
        }
        assertEquals(4, json.path("summary").path("totals").path("flows").asInt());
        assertEquals("third_party", json.path("destinations").path("hosts").get(0).path("party").asText());
        assertEquals(r.findings().size(), json.path("findings").size());
        JsonNode f = json.path("findings").get(0);
        assertTrue(f.path("id").asText().equals("F1") && f.has("evidence") && f.has("severity"), f.toString());
        assertFalse(render(r, ReportFormat.JSON).contains(TOKEN));
    }

    @Test
    void textHasTheSectionsAndNoSecret(@TempDir Path dir) throws IOException {
        String text = render(capture(dir.resolve("c.db"), true), ReportFormat.TEXT);
        for (String heading : List.of("1. Summary", "2. Destinations", "3. Personal data", "4. Credentials",
                "5. Push channel", "6. Endpoints", "7. Security", "8. DNS", "9. Activity", "Findings")) {
            assertTrue(text.contains(heading + "\n"), heading);
        }
        assertTrue(text.contains("/track/{id}"));
        assertFalse(text.contains(TOKEN));
    }

    @Test
    void anEmptyCaptureRendersInEveryFormat(@TempDir Path dir) throws IOException {
        Report r = capture(dir.resolve("empty.db"), false);
        String html = render(r, ReportFormat.HTML);
        for (String id : SECTIONS) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("Nothing was recorded"));
        assertTrue(new ObjectMapper().readTree(render(r, ReportFormat.JSON)).path("findings").isEmpty());
        assertTrue(render(r, ReportFormat.TEXT).contains("Nothing recorded."));
    }

    @Test
    void chartsAreRoundAndPlacedInsideTheirBox() {
        assertEquals(4, Charts.niceMax(0));
        assertEquals(5, Charts.niceMax(5));
        assertEquals(8, Charts.niceMax(7));
        assertEquals(20, Charts.niceMax(11));
        assertEquals(400, Charts.niceMax(321));
        assertEquals(1000, Charts.niceMax(801));
        assertEquals(16_384, Charts.niceBytes(10_000));
        assertEquals(4, Charts.niceBytes(0));
    }
}
