package dev.trygr.capture.har;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.TokenEventRow;
import dev.trygr.capture.secrets.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.trygr.capture.har.HarChecks.JSON;
import static dev.trygr.capture.ring.RingFixtures.HW;
import static dev.trygr.capture.ring.RingFixtures.UA;
import static dev.trygr.capture.ring.RingFixtures.accessToken;
import static dev.trygr.capture.ring.RingFixtures.refreshToken;
import static dev.trygr.capture.ring.RingFixtures.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A HAR of a Ring login and two refresh grants (research/ring-protocol.md §2) goes through the recognizers on
 * import: token_events hold the rotation chain, and no raw token, password or code reaches the capture's files.
 */
class HarRingImportTest {
    private static final long T0 = 1_700_000_000L; // seconds

    @TempDir
    Path dir;

    private final String password = "hunter2-" + secret("pw");
    private final String twoFactor = "4" + (100_000 + new java.security.SecureRandom().nextInt(800_000));
    private final String a1 = accessToken(HW, "s1", T0);
    private final String rt1 = refreshToken("s1", T0);
    private final String a2 = accessToken(HW, "s1", T0 + 3600);
    private final String rt2 = refreshToken("s1", T0 + 3600);
    private final String a3 = accessToken(HW, "s1", T0 + 7200);
    private final String rt3 = refreshToken("s1", T0 + 7200);

    private List<String> rawSecrets() {
        return List.of(password, a1, rt1, a2, rt2, a3, rt3);
    }

    private static ObjectNode header(String name, String value) {
        return JSON.createObjectNode().put("name", name).put("value", value);
    }

    /** {@code POST https://oauth.ring.com/oauth/token} the way ring-client-api sends it (§2.1), answered 200. */
    private ObjectNode grant(long atSeconds, String code, String body, String access, String refresh,
                             String contentEncoding) {
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", java.time.Instant.ofEpochSecond(atSeconds).toString());
        e.put("time", 120.5);
        ObjectNode request = e.putObject("request");
        request.put("method", "POST").put("url", "https://oauth.ring.com/oauth/token").put("httpVersion", "HTTP/1.1");
        request.putArray("headers").add(header("2fa-support", "true")).add(header("2fa-code", code))
                .add(header("hardware_id", HW)).add(header("User-Agent", UA))
                .add(header("Content-Type", "application/json")).add(header("Accept", "application/json"))
                .add(header("accept-encoding", "br, gzip, deflate"));
        request.putArray("cookies");
        request.putArray("queryString");
        request.put("headersSize", -1).put("bodySize", body.length());
        request.putObject("postData").put("mimeType", "application/json").put("text", body);
        ObjectNode response = e.putObject("response");
        response.put("status", 200).put("statusText", "OK").put("httpVersion", "HTTP/1.1");
        String tokens = "{\"access_token\":\"" + access + "\",\"expires_in\":3600,\"refresh_token\":\"" + refresh
                + "\",\"scope\":\"client\",\"token_type\":\"Bearer\"}";
        ArrayNode headers = response.putArray("headers").add(header("Content-Type", "application/json; charset=utf-8"));
        if (contentEncoding != null) {
            headers.add(header("Content-Encoding", contentEncoding)); // the HAR holds the body decoded, as browsers do
        }
        response.putArray("cookies");
        response.putObject("content").put("size", tokens.length()).put("mimeType", "application/json")
                .put("text", tokens);
        response.put("redirectURL", "").put("headersSize", -1).put("bodySize", 200);
        e.putObject("cache");
        e.putObject("timings").put("blocked", 0.5).put("dns", -1).put("connect", -1).put("send", 0.2)
                .put("wait", 110).put("receive", 9.8);
        e.put("serverIPAddress", "18.200.1.1");
        e.put("connection", "3141");
        return e;
    }

    private ObjectNode devices(long atSeconds, String access) {
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", java.time.Instant.ofEpochSecond(atSeconds).toString());
        e.put("time", 50);
        ObjectNode request = e.putObject("request");
        request.put("method", "GET").put("url", "https://api.ring.com/clients_api/ring_devices")
                .put("httpVersion", "HTTP/1.1");
        request.putArray("headers").add(header("authorization", "Bearer " + access)).add(header("hardware_id", HW))
                .add(header("User-Agent", UA));
        ObjectNode response = e.putObject("response");
        response.put("status", 200).put("statusText", "OK").put("httpVersion", "HTTP/1.1");
        response.putArray("headers").add(header("Content-Type", "application/json"));
        response.putObject("content").put("size", 2).put("mimeType", "application/json").put("text", "{}");
        e.putObject("timings").put("send", 1).put("wait", 40).put("receive", 9);
        return e;
    }

    private Path har() throws Exception {
        String passwordBody = "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"password\","
                + "\"password\":\"" + password + "\",\"username\":\"me@example.com\"}";
        List<ObjectNode> entries = new ArrayList<>();
        entries.add(grant(T0, twoFactor, passwordBody, a1, rt1, "br"));
        entries.add(devices(T0 + 5, a1));
        entries.add(grant(T0 + 3600, "", refreshBody(rt1), a2, rt2, "gzip"));
        entries.add(grant(T0 + 7200, "", refreshBody(rt2), a3, rt3, null));
        ObjectNode root = JSON.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "WebInspector").put("version", "537.36");
        log.putArray("pages");
        ArrayNode array = log.putArray("entries");
        for (int i = entries.size() - 1; i >= 0; i--) {
            array.add(entries.get(i)); // newest first: the import must put them back in time order
        }
        Path file = dir.resolve("ring.har");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }

    private static String refreshBody(String refreshToken) {
        return "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"refresh_token\","
                + "\"refresh_token\":\"" + refreshToken + "\"}";
    }

    @Test
    void aLoginAndTwoRefreshesBecomeTheRotationChainWithNoRawTokenOnDisk() throws Exception {
        Path har = har();
        assertTrue(Files.readString(har).contains(rt2), "the fixture holds the raw tokens");
        Path file = dir.resolve("capture.db");
        List<String> problems = new ArrayList<>();
        try (Capture capture = Capture.open(file)) {
            HarImportResult result = HarImport.run(har, capture, HarChecks.IMPORT, problems::add);
            assertEquals(List.of(), problems);
            assertEquals(4, result.flows());
            assertEquals(2, result.decodedBodies(), "br and gzip bodies held decoded");
            assertEquals(4, result.tokenEvents());
            assertTrue(Files.size(dir.resolve("capture.db-wal")) > 0, "the rows are in the WAL");
            assertNoRawSecret(file, "with the WAL");

            Redactor redactor = capture.redactor();
            try (CaptureReader reader = capture.reader()) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertEquals(List.of("/oauth/token", "/clients_api/ring_devices", "/oauth/token", "/oauth/token"),
                        flows.stream().map(FlowSummary::path).toList(), "recorded in time order");
                List<TokenEventRow> rows = reader.tokenEvents(null);
                assertEquals(List.of("grant", "access_token_used", "grant", "grant"),
                        rows.stream().map(TokenEventRow::kind).toList());
                TokenEventRow login = rows.get(0);
                assertEquals("password_2fa", login.grant());
                assertEquals("ok", login.outcome());
                assertEquals(HW, login.hardwareId());
                assertEquals(UA, login.userAgent());
                assertEquals(flows.get(0).id(), login.flowId());
                assertEquals(redactor.fingerprint(a1), login.issuedAccess());
                assertEquals(redactor.fingerprint(rt1), login.issuedRefresh());
                assertEquals("s1", login.sessionClaim());
                assertEquals(redactor.fingerprint(a1), rows.get(1).presented());

                TokenEventRow first = rows.get(2);
                assertEquals("refresh_token", first.grant());
                assertEquals(redactor.fingerprint(rt1), first.presented());
                assertEquals("used", first.presentedOutcome());
                assertEquals(redactor.fingerprint(rt2), first.issuedRefresh());
                TokenEventRow second = rows.get(3);
                assertEquals(redactor.fingerprint(rt2), second.presented());
                assertEquals("used", second.presentedOutcome());
                assertEquals(redactor.fingerprint(rt1), second.parent(), "rt2 was issued for rt1");
                assertEquals(redactor.fingerprint(rt3), second.issuedRefresh());
                assertEquals((T0 + 7200) * 1_000_000L, second.at());

                FlowDetail login1 = reader.flow(flows.get(0).id()).orElseThrow();
                String stored = new String(login1.responseBody().data(), StandardCharsets.UTF_8);
                assertTrue(stored.contains(redactor.marker("refresh_token", rt1)), stored);
                assertFalse(login1.responseBody().withheld(), "decoded text is scanned, not withheld");
                assertTrue(login1.requestHeaders().stream().anyMatch(h -> h.name().equals("2fa-code")
                        && h.value().equals(redactor.marker("2fa-code", twoFactor))));
                assertNull(login1.responseBody().contentEncoding());
                assertEquals(List.of(), reader.losses());
            }
        }
        assertNoRawSecret(file, "after close");
    }

    private void assertNoRawSecret(Path capture, String when) throws Exception {
        String disk = HarChecks.diskText(capture);
        for (String raw : rawSecrets()) {
            assertFalse(disk.contains(raw), "raw secret on disk " + when);
        }
        assertFalse(disk.contains("\"" + twoFactor + "\""), "2FA code on disk " + when);
    }
}
