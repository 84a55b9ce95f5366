package dev.trygr.capture.har;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input: a clear message naming the place, never a value from the file; what can be imported is. */
class HarMalformedTest {
    private static final String SECRET = "eyJhbGciOiJSUzI1NiJ9secretsecretsecret";

    @TempDir
    Path dir;

    private static String entry(String started, String url, String more) {
        return "{\"startedDateTime\": " + (started == null ? "null" : "\"" + started + "\"")
                + ", \"request\": {\"method\": \"GET\", \"url\": " + (url == null ? "null" : "\"" + url + "\"")
                + ", \"headers\": []}" + more + "}";
    }

    private static String ok(int second) {
        return entry("2024-03-01T10:00:%02dZ".formatted(second), "https://a.example/" + second,
                ", \"response\": {\"status\": 200, \"headers\": [], \"content\": {\"size\": 2, \"text\": \"ok\"}}");
    }

    private HarException refused(String name, String content) throws Exception {
        Path har = HarChecks.write(dir, name, content);
        Path capture = dir.resolve(name + ".db");
        HarException e = assertThrows(HarException.class, () -> HarChecks.importHar(har, capture, new ArrayList<>()));
        assertFalse(e.getMessage().contains(SECRET.substring(0, 12)), e.getMessage());
        try (CaptureReader reader = CaptureReader.open(capture)) {
            assertEquals(List.of(), reader.sessions(), "nothing written for a file that is not a HAR");
        }
        return e;
    }

    @Test
    void filesThatAreNotHarAreRefusedWithAClearMessage() throws Exception {
        assertTrue(refused("text.har", "this is not JSON " + SECRET).getMessage()
                .matches(".*text\\.har is not valid JSON \\(line 1, column \\d+: .*"), "not JSON");
        assertTrue(refused("bare.har", "{\"log\": " + SECRET + "}").getMessage().contains("is not valid JSON"));
        assertTrue(refused("array.har", "[1, 2]").getMessage().endsWith("array.har is not a HAR file: it holds a JSON "
                + "array, not an object with a \"log\""));
        assertTrue(refused("other.har", "{\"name\": \"package.json\", \"version\": \"1.0\"}").getMessage()
                .endsWith("is JSON but not a HAR file: it has no \"log\" object"));
        assertTrue(refused("nolog.har", "{\"log\": [1]}").getMessage().contains("\"log\" is a JSON array"));
        assertTrue(refused("noentries.har", "{\"log\": {\"version\": \"1.2\", \"pages\": []}}").getMessage()
                .endsWith("\"log\" has no \"entries\" array"));
        assertTrue(refused("empty.har", "").getMessage().endsWith("empty.har is empty, not a HAR file"));

        Path utf16 = dir.resolve("utf16.har");
        Files.write(utf16, ("\uFEFF{\"log\": {\"entries\": [" + ok(1) + "]}}").getBytes(StandardCharsets.UTF_16BE));
        HarException e = assertThrows(HarException.class,
                () -> HarChecks.importHar(utf16, dir.resolve("u.db"), new ArrayList<>()));
        assertTrue(e.getMessage().contains("is not UTF-8"), e.getMessage());

        Path bom = dir.resolve("bom.har"); // a UTF-8 byte order mark is fine: offsets still point at the entries
        Files.write(bom, ("\uFEFF{\"log\": {\"entries\": [" + ok(1) + ", " + ok(2) + "]}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, HarChecks.importHar(bom, dir.resolve("bom.db"), new ArrayList<>()).flows());

        HarException missing = assertThrows(HarException.class,
                () -> HarChecks.importHar(dir.resolve("nowhere.har"), dir.resolve("n.db"), new ArrayList<>()));
        assertTrue(missing.getMessage().startsWith("no HAR file at "), missing.getMessage());
    }

    @Test
    void aHalfValidFileImportsWhatItCanAndSaysWhatItSkippedAndWhy() throws Exception {
        String big = "b".repeat(10_000);
        String har = "{\"log\": {\"version\": \"1.2\", \"entries\": [\n"
                + ok(1) + ",\n"                                                            // 0 imported
                + "42,\n"                                                                   // 1 not an object
                + "{\"startedDateTime\": \"2024-03-01T10:00:02Z\"},\n"                      // 2 no request
                + entry("2024-03-01T10:00:03Z", "/relative/" + SECRET, "") + ",\n"          // 3 relative URL
                + entry(null, "https://a.example/no-time", "") + ",\n"                      // 4 no time
                + entry("2024-03-01T10:00:05Z", "https://a.example/no-response", "") + ",\n" // 5 no response
                + entry("2024-03-01T10:00:06Z", "https://a.example/status0",
                        ", \"response\": {\"status\": 0, \"_error\": \"net::ERR_FAILED\"}") + ",\n" // 6 status 0
                + entry("2024-03-01T10:00:07Z", "https://a.example/headers",
                        ", \"response\": {\"status\": 200, \"headers\": [{\"value\": \"" + SECRET + "\"}, 7,"
                                + " {\"name\": \"x-null\", \"value\": null}, {\"name\": \"x-num\", \"value\": 12}],"
                                + " \"content\": {\"text\": \"%%%not base64%%%\", \"encoding\": \"base64\"}}") + ",\n"
                + entry("2024-03-01T10:00:08Z", "https://a.example/big",
                        ", \"response\": {\"status\": 200, \"content\": {\"size\": 10000, \"text\": \"" + big + "\"}}")
                + ",\n"
                + "{\"startedDateTime\": \"2024-03-01T10:00:09Z\", \"request\": {\"method\": \"POST\", \"url\": "
                + "\"https://a.example/form\", \"headers\": [], \"postData\": {\"mimeType\": "
                + "\"application/x-www-form-urlencoded\", \"params\": [{\"name\": \"a b\", \"value\": \"1&2\"}]}}},\n"
                + entry("2024-03-01T10:00:10Z", "https://a.example/cut",                    // 10 cut off mid-entry
                        ", \"response\": {\"status\": 200, \"content\": {\"text\": \"" + SECRET);
        Path file = HarChecks.write(dir, "half.har", har);
        Path capture = dir.resolve("capture.db");
        List<String> problems = new ArrayList<>();
        HarImportResult r;
        try (Capture c = Capture.open(capture)) {
            r = HarImport.run(file, c, new HarImport.Options(64, "test"), problems::add);
        }
        assertEquals(10, r.entries(), "entry 10 is cut off: not read");
        assertNotNull(r.stopped());
        assertTrue(r.stopped().startsWith("log.entries[10] and everything after it could not be read: invalid JSON"
                + " (line 12, column "), r.stopped());
        assertEquals(6, r.flows());
        assertEquals(Map.of("not an object", 1L, "no request", 1L, "request.url is not an absolute http(s) or ws(s) URL",
                1L, "no startedDateTime (or not an ISO 8601 date-time)", 1L), r.skipped());
        assertEquals(3, r.withoutResponse(), "entries 5, 6 and 9");
        assertEquals(1, r.truncatedBodies());
        for (String p : problems) {
            assertTrue(p.startsWith("log.entries["), p);
            assertFalse(p.contains(SECRET.substring(0, 12)), p);
        }
        assertTrue(problems.contains("log.entries[1]: skipped: not an object"), problems.toString());
        assertTrue(problems.contains("log.entries[3]: skipped: request.url is not an absolute http(s) or ws(s) URL"));
        assertTrue(problems.contains("log.entries[7]: response.headers[0] has no name; left out"), problems.toString());
        assertTrue(problems.contains("log.entries[7]: response.headers[1] is not an object; left out"));
        assertTrue(problems.contains("log.entries[7]: response.content.text is marked base64 but is not; stored as "
                + "text"));
        assertTrue(problems.contains("log.entries[9]: request.postData has params but no text; the form body was "
                + "rebuilt from them"));
        assertFalse(r.stopped().contains(SECRET.substring(0, 12)));

        try (CaptureReader reader = CaptureReader.open(capture)) {
            List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
            assertEquals(List.of("/1", "/no-response", "/status0", "/headers", "/big", "/form"),
                    flows.stream().map(FlowSummary::path).toList());
            assertEquals("no response in the HAR entry", flows.get(1).error());
            assertEquals("net::ERR_FAILED", flows.get(2).error());
            FlowDetail headers = reader.flow(flows.get(3).id()).orElseThrow();
            assertEquals(List.of(new Header("x-null", ""), new Header("x-num", "12")), headers.responseHeaders());
            assertEquals("%%%not base64%%%", new String(headers.responseBody().data(), StandardCharsets.UTF_8));
            FlowDetail bigFlow = reader.flow(flows.get(4).id()).orElseThrow();
            assertEquals(64, bigFlow.responseBody().storedLength());
            assertEquals(10_000, bigFlow.responseBody().originalLength());
            assertTrue(bigFlow.responseBody().truncated());
            assertEquals("a+b=1%262", new String(reader.flow(flows.get(5).id()).orElseThrow().requestBody().data(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBodyTooLongToReadIsLeftOutAndItsEntryKept() throws Exception {
        Path file = dir.resolve("huge.har");
        long length = HarJson.MAX_STRING_CHARS + (1L << 20); // Jackson checks the limit a segment at a time
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"log\": {\"entries\": [" + ok(1) + ", {\"startedDateTime\": \"2024-03-01T10:00:02Z\","
                    + " \"request\": {\"method\": \"GET\", \"url\": \"https://a.example/huge\"}, \"response\": "
                    + "{\"status\": 200, \"headers\": [{\"name\": \"a\", \"value\": \"b\"}], \"content\": "
                    + "{\"size\": " + length + ", \"text\": \"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'z');
            for (int i = 0; i < length / chunk.length; i++) {
                w.write(chunk);
            }
            w.write("\"}}}, " + ok(3) + "]}}");
        }
        List<String> problems = new ArrayList<>();
        HarImportResult r = HarChecks.importHar(file, dir.resolve("capture.db"), problems);
        assertEquals(3, r.flows());
        assertEquals(List.of("log.entries[1]: a body text is longer than " + HarJson.MAX_STRING_CHARS
                + " characters: the entry's body texts were not imported (the rest of it was)"), problems);
        try (CaptureReader reader = CaptureReader.open(dir.resolve("capture.db"))) {
            FlowDetail huge = reader.flow(reader.flows(FlowQuery.ALL).get(1).id()).orElseThrow();
            assertEquals(List.of(new Header("a", "b")), huge.responseHeaders());
            assertEquals(0, huge.responseBody().storedLength());
            assertEquals(length, huge.responseBody().originalLength(), "content.size");
            assertTrue(huge.responseBody().truncated());
        }
    }
}
