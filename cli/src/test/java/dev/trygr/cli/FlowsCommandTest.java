package dev.trygr.cli;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trygr flows} over a capture whose session kept raw secrets ({@code --store-secrets}). */
class FlowsCommandTest {

    @TempDir
    Path dir;

    private static final String TOKEN = "raw-bearer-token-0123456789";
    private static final String REFRESH = "raw-refresh-token-9876543210";

    private Path captureWithRawSecrets() {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(new SessionInfo("test", List.of("regular@127.0.0.1:8080"), "AA",
                    false, true, 1 << 20, Map.of()));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                byte[] body = ("{\"refresh_token\":\"" + REFRESH + "\"}").getBytes(StandardCharsets.UTF_8);
                long t = 1_700_000_000_000_000L;
                writer.submit(new CaptureEvent.FlowCompleted(1, t, "127.0.0.1", 50000, "https", "POST",
                        "oauth.ring.com", 443, "/oauth/token?refresh_token=" + REFRESH, "/oauth/token",
                        "refresh_token=" + REFRESH, "HTTP/1.1",
                        List.of(new Header("Authorization", "Bearer " + TOKEN),
                                new Header("Content-Type", "application/json"), new Header("hardware_id", "hw-1")),
                        new BodySnapshot(body, body.length, false, null), 200, "OK", "HTTP/1.1",
                        List.of(new Header("Content-Length", "0")), BodySnapshot.EMPTY, t + 10, t + 20, t + 30, null));
            }
        }
        return file;
    }

    @Test
    void rawSecretsStayMaskedOnDisplayUnlessAskedFor() {
        Path capture = captureWithRawSecrets();
        String masked = CaCommandTest.trygr("flows", "show", "1", "--capture", capture.toString()).out();
        assertFalse(masked.contains(TOKEN) || masked.contains(REFRESH), masked);
        assertTrue(masked.contains("Authorization: Bearer REDACTED:bearer:"), masked);
        assertTrue(masked.contains("\"refresh_token\": \"REDACTED:refresh_token:"), masked);
        assertTrue(masked.contains("hardware_id: hw-1"), masked);

        String list = CaCommandTest.trygr("flows", "list", "--json", "--capture", capture.toString()).out();
        assertFalse(list.contains(REFRESH), list);

        CaCommandTest.Run shown = CaCommandTest.trygr("flows", "show", "1", "--show-secrets", "--capture", capture.toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("Authorization: Bearer " + TOKEN), shown.out());
        assertTrue(shown.out().contains(REFRESH), shown.out());
    }

    @Test
    void anUnknownFlowIsExitCode6() {
        CaCommandTest.Run run = CaCommandTest.trygr("flows", "show", "42", "--capture", captureWithRawSecrets().toString());
        assertEquals(ExitCode.NOT_FOUND.code, run.code());
        assertTrue(run.err().contains("no flow 42"), run.err());
    }
}
