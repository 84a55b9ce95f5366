package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trygr report} on the demo's capture: every format, the demo's own report.html, what the report says about
 * the simulated home, exit codes, and no raw secret in any output.
 */
class ReportCommandTest {
    @TempDir
    static Path dir;
    static DemoCommand.Outcome outcome;
    static String console;
    static Path capture;

    @BeforeAll
    static void runDemo() throws Exception {
        StringWriter out = new StringWriter();
        outcome = DemoCommand.run(dir, new PrintWriter(out, true));
        console = out.toString();
        capture = dir.resolve("capture.db");
    }

    @Test
    void theDemoWritesItsReport() throws IOException {
        Path report = dir.resolve("report.html");
        assertTrue(Files.size(report) > 10_000, "report.html written");
        assertTrue(console.contains("open " + report), console);
        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Privacy report: capture.db"));
    }

    @Test
    void everyFormat() throws IOException {
        Path html = dir.resolve("out/r.html");
        CaCommandTest.Run run = CaCommandTest.trygr("report", "--capture", capture.toString(), "--out", html.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("wrote " + html + ": "), run.out());
        assertTrue(Files.readString(html).contains("id=\"activity\""));

        CaCommandTest.Run json = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals(1, new ObjectMapper().readTree(json.out()).path("report_schema").asInt(), "JSON on stdout");

        CaCommandTest.Run text = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", "text",
                "--session", "1");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("(session 1)") && text.out().contains("9. Activity"), text.out());
        assertTrue(run.err().isEmpty(), "no progress bar when not on a terminal: " + run.err());
    }

    @Test
    void aTokenDiffAgainstAnEarlierCaptureBecomesASection() throws IOException {
        Path html = dir.resolve("out/compared.html");
        // The demo against itself: every client continues its own chain, so the section must say so.
        CaCommandTest.Run run = CaCommandTest.trygr("report", "--capture", capture.toString(), "--out",
                html.toString(), "--compare-with", capture + "#1");
        assertEquals(0, run.code(), run.err());
        String page = Files.readString(html);
        assertTrue(page.contains("id=\"token-diff\"") && page.contains("Token and push continuity"), page);
        CaCommandTest.Run text = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", "text",
                "--compare-with", capture.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Token diff"), text.out());
        CaCommandTest.Run plain = CaCommandTest.trygr("report", "--capture", capture.toString(), "--out",
                dir.resolve("out/plain.html").toString());
        assertEquals(0, plain.code(), plain.err());
        assertFalse(Files.readString(dir.resolve("out/plain.html")).contains("id=\"token-diff\""));
    }

    @Test
    void theReportTellsTheDemoStory() throws IOException {
        CaCommandTest.Run run = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", "json");
        JsonNode r = new ObjectMapper().readTree(run.out());
        Map<String, JsonNode> hosts = new LinkedHashMap<>();
        r.path("destinations").path("hosts").forEach(h -> hosts.put(h.path("host").asText(), h));
        assertEquals("first_party", hosts.get("api.ring.com").path("party").asText());
        assertTrue(hosts.get("api.ring.com").path("learned_by").toString().contains("DNS"));
        assertTrue(hosts.get("mtalk.google.com").path("learned_by").toString().contains("reverse"));
        assertEquals("platform", hosts.get("fcmregistrations.googleapis.com").path("party").asText());
        List<String> kinds = new ArrayList<>();
        r.path("findings").forEach(f -> kinds.add(f.path("kind").asText()));
        assertTrue(kinds.containsAll(List.of("stale_reuse", "invalid_grant", "fcm_reregistered")), kinds.toString());
        assertEquals(3, r.path("credentials").path("clients").size());
        List<String> continuity = new ArrayList<>();
        r.path("push").path("clients").forEach(c -> continuity.add(c.path("continuity").asText()));
        assertTrue(continuity.contains("continuous") && continuity.contains("re-registered"), continuity.toString());
        assertEquals(4, r.path("push").path("messages").asInt());
        assertEquals(2, r.path("push").path("decrypted").asInt());
        assertTrue(r.path("push").path("payload_fields").toString().contains("data.android_config.category"));
        boolean allExpected = true;
        for (JsonNode x : r.path("credentials").path("recipients")) {
            allExpected &= !x.path("expected").isBoolean() || x.path("expected").asBoolean();
        }
        assertTrue(allExpected, "no token left its issuer in the demo");
        assertTrue(r.path("personal_data").path("scanned").asBoolean());
        assertFalse(r.path("personal_data").path("matrix").isEmpty(), "the account's identifiers reach Ring");
    }

    @Test
    void noRawSecretInAnyOutput() throws IOException {
        List<String> secrets = DemoSecrets.of(dir, outcome);
        assertTrue(secrets.size() >= 20, secrets.size() + " secrets to look for");
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("demo report.html", Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8));
        for (String format : List.of("html", "json", "text")) {
            CaCommandTest.Run run = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", format,
                    "--out", "-");
            assertEquals(0, run.code(), run.err());
            outputs.put(format, run.out() + run.err());
        }
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            assertTrue(o.getValue().length() > 1000, o.getKey());
            for (String secret : secrets) {
                assertFalse(o.getValue().contains(secret), o.getKey() + " holds a raw secret starting "
                        + secret.substring(0, 6));
            }
        }
    }

    @Test
    void aCaptureImportedFromHarIsReported(@TempDir Path other) throws IOException {
        Path har = other.resolve("demo.har");
        Path imported = other.resolve("imported.db");
        CaCommandTest.Run export = CaCommandTest.trygr("flows", "export", "--har", har.toString(), "--capture",
                capture.toString());
        assertEquals(0, export.code(), export.err());
        CaCommandTest.Run load = CaCommandTest.trygr("import", "--har", har.toString(), "--capture",
                imported.toString());
        assertEquals(0, load.code(), load.err());
        CaCommandTest.Run run = CaCommandTest.trygr("report", "--capture", imported.toString(), "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = new ObjectMapper().readTree(run.out());
        JsonNode original = new ObjectMapper().readTree(CaCommandTest.trygr("report", "--capture",
                capture.toString(), "--format", "json").out());
        assertEquals(original.path("summary").path("totals").path("flows"), r.path("summary").path("totals")
                .path("flows"));
        JsonNode ring = r.path("destinations").path("hosts").get(0);
        assertEquals("api.ring.com", ring.path("host").asText());
        assertEquals("http_bodies", ring.path("bytes_source").asText(), "imports carry no connection byte counts");
        assertTrue(ring.path("bytes_down").asLong() > 0);
        long firstFlow = original.path("activity").path("start_micros").asLong();
        assertTrue(r.path("summary").path("first_micros").asLong() - firstFlow < 2_000_000,
                "the window is the traffic's, not the import's: " + r.path("summary").path("first_micros"));
        assertTrue(r.path("credentials").path("clients").size() >= 3, "token events come back with the import");
        for (String secret : DemoSecrets.of(dir, outcome)) {
            assertFalse(run.out().contains(secret), "a raw secret after import, starting " + secret.substring(0, 6));
        }
    }

    @Test
    void mistakesGetClearMessagesAndExitCodes(@TempDir Path other) throws IOException {
        CaCommandTest.Run missing = CaCommandTest.trygr("report", "--capture", other.resolve("nope.db").toString());
        assertEquals(4, missing.code());
        assertTrue(missing.err().contains("no capture at"), missing.err());
        CaCommandTest.Run format = CaCommandTest.trygr("report", "--capture", capture.toString(), "--format", "pdf");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown --format 'pdf'"), format.err());
        CaCommandTest.Run session = CaCommandTest.trygr("report", "--capture", capture.toString(), "--session", "99");
        assertEquals(2, session.code());
        assertTrue(session.err().contains("the capture has no session 99"), session.err());
        CaCommandTest.Run pii = CaCommandTest.trygr("report", "--capture", capture.toString(), "--pii-file",
                other.resolve("none.txt").toString());
        assertEquals(2, pii.code());
        assertTrue(pii.err().contains("no --pii-file"), pii.err());
        assertFalse(Files.exists(Path.of("report.html")) && Files.getLastModifiedTime(Path.of("report.html"))
                .toMillis() > System.currentTimeMillis() - 60_000, "failed runs write nothing");
    }

    @Test
    void theProgressBarLine() {
        assertEquals("report flows        [###############...............]  50% 500/1,000",
                ProgressBar.line("flows", 500, 1000));
        assertEquals("report dns          12", ProgressBar.line("dns", 12, -1));
    }
}
