package dev.trygr.cli;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trygr import --har FILE}: a summary on stdout, problems by entry on stderr, exit codes, no stack traces. */
class ImportCommandTest {
    private static final String SECRET = "raw-refresh-token-0123456789abcdef";

    @TempDir
    Path dir;

    static String har(String entries) {
        return "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"test\", \"version\": \"1\"}, \"entries\": ["
                + entries + "]}}";
    }

    static String entry(int second, String url) {
        return "{\"startedDateTime\": \"2024-03-01T10:00:%02d.000Z\", \"time\": 12, \"request\": {\"method\": \"POST\","
                .formatted(second)
                + " \"url\": \"" + url + "\", \"httpVersion\": \"HTTP/1.1\", \"headers\": [{\"name\": \"Content-Type\","
                + " \"value\": \"application/json\"}, {\"name\": \"2fa-code\", \"value\": \"\"}], \"postData\": "
                + "{\"mimeType\": \"application/json\", \"text\": \"{\\\"refresh_token\\\":\\\"" + SECRET + "\\\"}\"}},"
                + " \"response\": {\"status\": 200, \"statusText\": \"OK\", \"httpVersion\": \"HTTP/1.1\", \"headers\": [],"
                + " \"content\": {\"size\": 2, \"mimeType\": \"application/json\", \"text\": \"{}\"}}, \"timings\": "
                + "{\"send\": 1, \"wait\": 10, \"receive\": 1}}";
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void importsIntoANewCaptureAndSummarises() throws Exception {
        Path har = write("in.har", har(entry(2, "https://oauth.example.com/t") + ", 17, "
                + entry(1, "https://api.example.com/a")));
        Path capture = dir.resolve("new/capture.db");
        CaCommandTest.Run run = CaCommandTest.trygr("import", "--har", har.toString(), "--capture", capture.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("imported 2 of 3 entries from " + har + " into " + capture + " as session 1 in "),
                run.out());
        assertTrue(run.out().contains("skipped 1 entries: 1 not an object"), run.out());
        assertTrue(run.err().contains("trygr: import: log.entries[1]: skipped: not an object"), run.err());
        assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET));
        try (CaptureReader reader = CaptureReader.open(capture)) {
            assertEquals(2, reader.flows(FlowQuery.ALL).size());
            assertEquals("api.example.com", reader.flows(FlowQuery.ALL).get(0).host(), "time order");
        }
        String disk = new String(Files.readAllBytes(capture), StandardCharsets.ISO_8859_1);
        assertFalse(disk.contains(SECRET));

        CaCommandTest.Run second = CaCommandTest.trygr("import", "--har", har.toString(), "--capture", capture.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains(" as session 2 "), "a new session per import: " + second.out());
    }

    @Test
    void badInputGetsAClearMessageAndNoStackTrace() throws Exception {
        Path capture = dir.resolve("capture.db");
        CaCommandTest.Run notJson = CaCommandTest.trygr("import", "--har", write("x.har", "<html>").toString(),
                "--capture", capture.toString());
        assertEquals(ExitCode.USAGE.code, notJson.code());
        assertTrue(notJson.err().startsWith("trygr: " + dir.resolve("x.har") + " is not valid JSON (line 1, column 1: "
                + "Unexpected character ('<' (code 60)): expected a valid value"), notJson.err());
        assertFalse(notJson.err().contains("\tat "), "no stack trace");

        CaCommandTest.Run notHar = CaCommandTest.trygr("import", "--har",
                write("package.json", "{\"name\": \"x\"}").toString(), "--capture", capture.toString());
        assertEquals(ExitCode.USAGE.code, notHar.code());
        assertTrue(notHar.err().contains("is JSON but not a HAR file"), notHar.err());

        CaCommandTest.Run missing = CaCommandTest.trygr("import", "--har", dir.resolve("none.har").toString());
        assertEquals(ExitCode.NOT_FOUND.code, missing.code());
        assertEquals("trygr: no HAR file at " + dir.resolve("none.har"), missing.err().strip());

        CaCommandTest.Run badSize = CaCommandTest.trygr("import", "--har", write("y.har", har("")).toString(),
                "--capture", capture.toString(), "--max-body", "lots");
        assertEquals(ExitCode.USAGE.code, badSize.code());
        assertTrue(badSize.err().contains("--max-body takes a size"), badSize.err());

        String cut = har(entry(1, "https://a.example/1") + ", " + entry(2, "https://a.example/2"));
        CaCommandTest.Run damaged = CaCommandTest.trygr("import", "--har",
                write("cut.har", cut.substring(0, cut.length() - 40)).toString(), "--capture", capture.toString());
        assertEquals(0, damaged.code(), damaged.err());
        assertTrue(damaged.out().startsWith("imported 1 of 1 entries"), damaged.out());
        assertTrue(damaged.out().contains("warning: the HAR file is damaged: log.entries[1] and everything after it "
                + "could not be read"), damaged.out());
    }
}
