package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trygr flows export --har FILE}: a HAR 1.2 file, raw secrets redacted, no file overwritten unasked. */
class FlowsExportCommandTest {
    private static final String TOKEN = "raw-bearer-token-0123456789";

    @TempDir
    Path dir;

    /** Two flows of a --store-secrets session: the capture holds TOKEN raw. */
    private Path capture() {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(new SessionInfo("test", List.of("regular@127.0.0.1:8080"), "AA",
                    false, true, 1 << 20, Map.of()));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                long t = 1_700_000_000_000_000L;
                for (String host : List.of("api.ring.com", "example.com")) {
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    writer.submit(new CaptureEvent.FlowCompleted(1, t, "127.0.0.1", 50000, "https", "GET", host, 443,
                            "/x?access_token=" + TOKEN, "/x", "access_token=" + TOKEN, "HTTP/1.1",
                            List.of(new Header("Authorization", "Bearer " + TOKEN), new Header("hardware_id", "hw-1")),
                            BodySnapshot.EMPTY, 200, "OK", "HTTP/1.1",
                            List.of(new Header("Content-Type", "application/json")),
                            new BodySnapshot(body, body.length, false, null), t + 10, t + 20, t + 30, null));
                    t += 1_000_000;
                }
            }
        }
        return file;
    }

    @Test
    void writesAValidHarWithSecretsRedacted() throws Exception {
        Path capture = capture();
        Path har = dir.resolve("out/flows.har");
        CaCommandTest.Run run = CaCommandTest.trygr("flows", "export", "--har", har.toString(), "--capture",
                capture.toString(), "--host", "*.ring.com");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("exported 1 flow(s) and 0 WebSocket message(s) from " + capture), run.out());
        assertTrue(run.out().contains("1 flow(s) of --store-secrets sessions had their raw secrets redacted"));
        String text = Files.readString(har);
        assertFalse(text.contains(TOKEN), "raw secret in the HAR");
        JsonNode log = new ObjectMapper().readTree(text).get("log");
        assertEquals("1.2", log.get("version").asText());
        assertEquals("trygr", log.get("creator").get("name").asText());
        JsonNode entry = log.get("entries").get(0);
        assertTrue(entry.get("request").get("url").asText().startsWith("https://api.ring.com/x?access_token=REDACTED:"));
        assertTrue(entry.get("request").get("headers").get(0).get("value").asText().startsWith("Bearer REDACTED:bearer:"));
        assertEquals("{\"ok\":true}", entry.get("response").get("content").get("text").asText());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(har));
        try (var files = Files.list(har.getParent())) {
            assertEquals(List.of(har), files.toList(), "no .part file left behind");
        }

        CaCommandTest.Run again = CaCommandTest.trygr("flows", "export", "--har", har.toString(), "--capture",
                capture.toString());
        assertEquals(ExitCode.EXISTS.code, again.code());
        assertTrue(again.err().contains("exists; pass --force to overwrite it"), again.err());
        CaCommandTest.Run forced = CaCommandTest.trygr("flows", "export", "--har", har.toString(), "--capture",
                capture.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(2, new ObjectMapper().readTree(har.toFile()).get("log").get("entries").size());

        CaCommandTest.Run raw = CaCommandTest.trygr("flows", "export", "--har", "-", "--capture", capture.toString(),
                "--show-secrets", "--session", "1");
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().contains("Bearer " + TOKEN), "asked for raw secrets");
        assertEquals(2, new ObjectMapper().readTree(raw.out()).get("log").get("entries").size());
        assertTrue(raw.err().startsWith("exported 2 flow(s)"), raw.err());

        CaCommandTest.Run none = CaCommandTest.trygr("flows", "export", "--har", "-", "--capture", capture.toString(),
                "--host", "nothing.example");
        assertEquals(0, none.code());
        assertEquals(0, new ObjectMapper().readTree(none.out()).get("log").get("entries").size());
        assertTrue(none.err().contains("no flows for hosts matching 'nothing.example'"), none.err());
    }

    @Test
    void aMissingCaptureIsExitCode4() {
        CaCommandTest.Run run = CaCommandTest.trygr("flows", "export", "--har", dir.resolve("x.har").toString(),
                "--capture", dir.resolve("nope.db").toString());
        assertEquals(ExitCode.CAPTURE.code, run.code());
        assertFalse(Files.exists(dir.resolve("x.har")));
    }
}
