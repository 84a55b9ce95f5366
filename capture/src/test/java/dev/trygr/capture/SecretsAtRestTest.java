package dev.trygr.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.secrets.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static dev.trygr.capture.TestEvents.body;
import static dev.trygr.capture.TestEvents.headers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets never reach the disk unless the session asks for them: not in the database file, not in the WAL,
 * before or after a checkpoint. The markers that replace them do, and JSON bodies still parse.
 */
class SecretsAtRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh random secrets per run, so a pass cannot come from a lucky constant. */
    private final String bearer = secret("at0");
    private final String cookie = secret("ck");
    private final String setCookie = secret("sc");
    private final String twoFactor = "9" + (100000 + RANDOM.nextInt(800000)) + "1";
    private final String queryToken = secret("qrt");
    private final String bodyRefresh = secret("rt1");
    private final String bodyPassword = secret("pw");
    private final String gzAccess = secret("at1");
    private final String gzRefresh = secret("rt2");
    private final String formPassword = secret("fpw") + "&=+@";
    private final String formRefresh = secret("frt");
    private final String brRefresh = secret("brt");

    private List<String> secrets() {
        return List.of(bearer, cookie, setCookie, twoFactor, queryToken, bodyRefresh, bodyPassword, gzAccess,
                gzRefresh, formPassword.substring(0, formPassword.length() - 4), formRefresh, brRefresh);
    }

    private List<FlowCompleted> flows() throws IOException {
        FlowCompleted oauth = TestEvents.flow(1, "POST", "oauth.ring.com", "/oauth/token?refresh_token=" + queryToken
                        + "&client=android",
                headers("Authorization", "Bearer " + bearer,
                        "Cookie", "session=" + cookie + "; theme=dark",
                        "2fa-support", "true",
                        "2fa-code", twoFactor,
                        "hardware_id", "6f1c2a9e-0000-4000-8000-1234567890ab",
                        "Content-Type", "application/json"),
                body("{\"client_id\":\"ring_official_android\",\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                        + bodyRefresh + "\",\"password\":\"" + bodyPassword + "\",\"scope\":\"client\"}"),
                200,
                headers("Content-Type", "application/json; charset=utf-8",
                        "Content-Encoding", "gzip",
                        "Set-Cookie", "sid=" + setCookie + "; Path=/; HttpOnly"),
                body(gzip("{\"access_token\":\"" + gzAccess + "\",\"expires_in\":3600,\"refresh_token\":\""
                        + gzRefresh + "\",\"scope\":\"client\",\"token_type\":\"Bearer\"}")));
        FlowCompleted form = TestEvents.flow(1, "POST", "oauth.ring.com", "/oauth/token",
                headers("Content-Type", "application/x-www-form-urlencoded", "2fa-code", ""),
                body("grant_type=password&username=me%40example.com&password="
                        + java.net.URLEncoder.encode(formPassword, StandardCharsets.UTF_8)
                        + "&refresh_token=" + formRefresh),
                412, headers("Content-Type", "application/json"), body("{\"tsv_state\":\"sms\",\"phone\":\"+1xxx89\"}"));
        FlowCompleted brotli = TestEvents.flow(1, "POST", "oauth.ring.com", "/oauth/token",
                headers("Content-Type", "application/json"), body("{\"refresh_token\":\"" + gzRefresh + "\"}"),
                200, headers("Content-Type", "application/json", "Content-Encoding", "br"),
                // not real brotli, but the writer cannot know: it must not store what it cannot scan
                body("{\"refresh_token\":\"" + brRefresh + "\"}"));
        return List.of(oauth, form, brotli);
    }

    @Test
    void noRawSecretReachesTheDatabaseOrItsWal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            Redactor redactor = capture.redactor();
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(TestEvents.opened(1));
                flows().forEach(writer::submit);
                writer.flush();

                assertTrue(Files.size(dir.resolve("capture.db-wal")) > 0, "the rows are in the WAL");
                assertNoSecretsOnDisk(dir, "before checkpoint");
                String disk = diskText(dir);
                assertTrue(disk.contains("Bearer " + redactor.marker("bearer", bearer)));
                assertTrue(disk.contains("session=" + redactor.marker("cookie", cookie) + "; theme="
                        + redactor.marker("cookie", "dark")));
                assertTrue(disk.contains(redactor.marker("2fa-code", twoFactor)));
                assertTrue(disk.contains("refresh_token=" + redactor.marker("refresh_token", queryToken)
                        + "&client=android"));

                try (Connection c = TestEvents.jdbc(file)) {
                    Db.execute(c, "PRAGMA wal_checkpoint(FULL)");
                }
                assertNoSecretsOnDisk(dir, "after checkpoint");
                assertTrue(diskText(dir).contains(redactor.marker("access_token", gzAccess)),
                        "decoded gzip body redacted in place");
            }

            try (CaptureReader reader = capture.reader()) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                FlowDetail oauth = reader.flow(flows.get(0).id()).orElseThrow();
                assertEquals("Bearer " + redactor.marker("bearer", bearer),
                        Redactor.headerValue(oauth.requestHeaders(), "Authorization"));
                assertEquals("6f1c2a9e-0000-4000-8000-1234567890ab",
                        Redactor.headerValue(oauth.requestHeaders(), "hardware_id"));
                assertEquals("sid=" + redactor.marker("cookie", setCookie) + "; Path=/; HttpOnly",
                        Redactor.headerValue(oauth.responseHeaders(), "Set-Cookie"));
                assertEquals("refresh_token=" + redactor.marker("refresh_token", queryToken) + "&client=android",
                        oauth.summary().query());

                JsonNode request = JSON.readTree(oauth.requestBody().data());
                assertEquals(redactor.marker("refresh_token", bodyRefresh), request.get("refresh_token").asText());
                assertEquals(redactor.marker("password", bodyPassword), request.get("password").asText());
                assertEquals("ring_official_android", request.get("client_id").asText());
                assertEquals(2, oauth.requestBody().redactions());
                assertNull(oauth.requestBody().sha256(), "no plain hash of a body that held a secret");

                StoredBody gz = oauth.responseBody();
                assertEquals("identity", gz.contentEncoding());
                assertEquals("gzip", gz.decodedFrom());
                assertEquals(2, gz.redactions());
                JsonNode response = JSON.readTree(gz.data());
                assertEquals(redactor.marker("access_token", gzAccess), response.get("access_token").asText());
                assertEquals(3600, response.get("expires_in").asInt());

                FlowDetail form = reader.flow(flows.get(1).id()).orElseThrow();
                String formBody = new String(form.requestBody().data(), StandardCharsets.US_ASCII);
                assertEquals("grant_type=password&username=me%40example.com&password="
                        + redactor.marker("password", formPassword) + "&refresh_token="
                        + redactor.marker("refresh_token", formRefresh), formBody);
                assertEquals("", Redactor.headerValue(form.requestHeaders(), "2fa-code"), "empty stays empty");

                FlowDetail brotli = reader.flow(flows.get(2).id()).orElseThrow();
                assertEquals(redactor.marker("refresh_token", gzRefresh),
                        JSON.readTree(brotli.requestBody().data()).get("refresh_token").asText(),
                        "the token issued in flow 1 is recognisable where it is used: lineage survives");
                StoredBody withheld = brotli.responseBody();
                assertTrue(withheld.withheld());
                assertTrue(withheld.truncated());
                assertEquals(0, withheld.data().length);
                assertEquals("br", withheld.contentEncoding());
                assertEquals(List.of("body_withheld_possible_secret"),
                        reader.losses().stream().map(LossRow::kind).collect(Collectors.toList()));
            }
        }
        assertNoSecretsOnDisk(dir, "after close");
    }

    @Test
    void storeSecretsKeepsRawValuesAndDisplayMaskingMatchesWriteTimeMarkers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(true));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                flows().forEach(writer::submit);
            }
            try (CaptureReader reader = capture.reader()) {
                FlowDetail oauth = reader.flow(reader.flows(FlowQuery.ALL).get(0).id()).orElseThrow();
                assertEquals("Bearer " + bearer, Redactor.headerValue(oauth.requestHeaders(), "Authorization"));
                assertTrue(new String(oauth.requestBody().data(), StandardCharsets.UTF_8).contains(bodyRefresh));
                assertEquals("gzip", oauth.responseBody().contentEncoding());
                assertTrue(oauth.summary().query().contains(queryToken));
                assertArrayEquals(gzip("{\"access_token\":\"" + gzAccess + "\",\"expires_in\":3600,\"refresh_token\":\""
                        + gzRefresh + "\",\"scope\":\"client\",\"token_type\":\"Bearer\"}"),
                        oauth.responseBody().data());
                assertFalse(reader.flow(reader.flows(FlowQuery.ALL).get(2).id()).orElseThrow().responseBody().withheld());

                // the CLI masks at display time with the capture's key: same markers as a redacting session
                Redactor display = new Redactor(reader.secretKey());
                assertEquals("Bearer " + display.marker("bearer", bearer),
                        Redactor.headerValue(display.headers(oauth.requestHeaders()).value(), "Authorization"));
                String maskedBody = new String(display.body(oauth.responseBody().data(), false,
                        oauth.responseHeaders()).data(), StandardCharsets.UTF_8);
                assertTrue(maskedBody.contains(display.marker("refresh_token", gzRefresh)));
                assertFalse(maskedBody.contains(gzRefresh));
            }
            assertTrue(diskText(dir).contains(bearer), "raw values are kept when the session asks for it");
        }
    }

    private void assertNoSecretsOnDisk(Path dir, String when) throws IOException {
        String disk = diskText(dir);
        for (String secret : secrets()) {
            assertFalse(disk.contains(secret), "raw secret on disk " + when + ": " + secret);
        }
    }

    /** Every byte of the capture and its companions (-wal, -shm), as ISO-8859-1 text so nothing is lost. */
    private static String diskText(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("capture.db")).collect(Collectors.toList());
        }
        List<String> parts = new ArrayList<>();
        for (Path p : files) {
            parts.add(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("capture.db")));
        return String.join("\n", parts);
    }

    private static String secret(String prefix) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
