package dev.trygr.analyzer.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.Header;
import dev.trygr.capture.WriterOptions;
import dev.trygr.simulator.SimOptions;
import dev.trygr.simulator.SimulatedCloud;
import dev.trygr.simulator.SimulatedHome;
import dev.trygr.simulator.TokenEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.trygr.analyzer.pii.KnownValueDetectionTest.assertFinding;
import static dev.trygr.analyzer.pii.KnownValueDetectionTest.base64;
import static dev.trygr.analyzer.pii.KnownValueDetectionTest.only;
import static dev.trygr.analyzer.pii.PiiCaptures.hash;
import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static dev.trygr.analyzer.pii.PiiCaptures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client logs in to the simulated Ring cloud over real TLS and loads the account (profile, session, devices,
 * locations, health; some responses gzip, ring_devices chunked); the capture holds what it sent and got, redacted
 * by the real writer; then the app's trackers send what trackers send. The scan learns the account from Ring's
 * answers and finds it in the trackers' requests, and never shows a secret.
 */
class SimulatedHomeCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void findsTheSimulatedHomeInTrackerTraffic(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        SimOptions options = SimOptions.defaults();
        SimulatedHome home = options.home();
        String hid = UUID.randomUUID().toString();
        List<String> secrets = new ArrayList<>(List.of(home.password(), options.twoFactorCode(),
                home.authenticationToken()));
        try (SimulatedCloud cloud = SimulatedCloud.start(options);
             Capture capture = Capture.open(file)) {
            long session = capture.startSession(PiiCaptures.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                CloudRecorder client = new CloudRecorder(cloud, writer);
                String access = login(client, home, options.twoFactorCode(), hid, secrets);
                List<Header> bearer = headers("Accept", "application/json", "authorization", "Bearer " + access,
                        "hardware_id", hid, "User-Agent", "android:com.ringapp", "accept-encoding", "gzip");
                Map<String, Object> device = new LinkedHashMap<>();
                device.put("hardware_id", hid);
                device.put("metadata", Map.of("api_version", 11, "device_model", "trygr-test"));
                device.put("os", "android");
                List<Header> sessionHeaders = headers("authorization", "Bearer " + access,
                        "Content-Type", "application/json", "accept-encoding", "gzip");
                int created = client.send("POST", "api.ring.com", "/clients_api/session", sessionHeaders,
                        json(Map.of("device", device))).status();
                assertTrue(created == 200 || created == 201, "session: " + created);
                for (String path : List.of("/clients_api/profile", "/clients_api/ring_devices",
                        "/devices/v1/locations", "/clients_api/doorbots/" + home.doorbell().id() + "/health",
                        "/clients_api/doorbots/" + home.stickupCam().id() + "/health")) {
                    assertEquals(200, client.send("GET", "api.ring.com", path, bearer, new byte[0]).status(), path);
                }
                trackers(client, home, hid);
            }
            capture.endSession(session);
            for (TokenEvent e : cloud.tokenEvents()) {
                secrets.add(e.issued());
            }
        }

        PersonalDataFindings found;
        List<String> progress = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            found = PersonalDataScan.scan(reader, new PersonalDataOptions(null, null),
                    (stage, done, total) -> progress.add(stage + " " + done + "/" + total));
        }

        // learned from Ring's answers (gzip or not, chunked or not)
        List<String> learned = found.knownValues().stream().map(k -> k.dataType() + " <- " + k.source()).toList();
        for (String expected : List.of("email <- clients_api/profile response", "phone <- clients_api/profile response",
                "name <- clients_api/profile response", "email <- oauth/token request",
                "hardware_id <- hardware_id header", "hardware_id <- clients_api/session request",
                "location <- devices/v1/locations response", "address <- devices/v1/locations response",
                "device_id <- clients_api/ring_devices response", "ssid <- clients_api/doorbots/{id}/health response",
                "account_id <- clients_api/profile response")) {
            assertTrue(learned.contains(expected), expected + " not in " + learned);
        }

        // what the trackers got
        assertFinding(found, "api.mixpanel.example", "email", "body", "data|base64|$.properties.$email", "base64");
        assertFinding(found, "api.mixpanel.example", "name", "body", "data|base64|$.properties.$name", "base64");
        assertFinding(found, "api.mixpanel.example", "ssid", "body", "data|base64|$.properties.wifi", "base64");
        assertFinding(found, "graph.facebook.example", "email", "body", "ud[em]", "sha256");
        assertFinding(found, "graph.facebook.example", "phone", "body", "ud[ph]", "sha256");
        PersonalDataFinding branchPlace = only(found, "api2.branch.example", "location");
        assertEquals("known_value", branchPlace.method());
        assertEquals(2, branchPlace.locationDecimals());
        assertEquals(1113.2, branchPlace.locationMetres());
        assertFinding(found, "api2.branch.example", "hardware_id", "body", "$.hardware_id", "plain");
        assertFinding(found, "api2.branch.example", "ip_address", "body", "$.local_ip", "plain");
        assertFinding(found, "crash.reports.example", "device_id", "body", "body", "plain");

        // and what Ring itself was sent: the OAuth user name, the hardware id on every call
        assertFinding(found, "oauth.ring.com", "email", "body", "$.username", "plain");
        assertTrue(found.findings().stream().anyMatch(f -> f.destinationHost().equals("api.ring.com")
                && f.dataType().equals("hardware_id") && f.where().equals("header")), found.findings().toString());
        // none of it read out of Ring's responses
        assertTrue(found.findings().stream().noneMatch(f -> f.destinationHost().equals("api.ring.com")
                && List.of("email", "phone", "address", "location", "ssid", "name").contains(f.dataType())),
                found.findings().toString());

        // never a value, never a secret
        String everything = found.toString();
        for (String secret : secrets) {
            assertFalse(everything.contains(secret), "a secret in the findings");
        }
        for (PersonalDataFinding f : found.findings()) {
            for (String value : home.personalValues()) {
                assertFalse(f.excerpt().contains(value), "a personal value in " + f.excerpt());
            }
            assertFalse(f.excerpt().contains(hid), f.excerpt());
        }
        assertTrue(progress.contains("harvest 0/-1"), progress.toString());
        assertEquals("scan 12/12", progress.get(progress.size() - 1), "2 grants, session, 5 GETs, 4 trackers");
    }

    /** The password grant: 412 without a code, tokens with it. Returns the access token. */
    private static String login(CloudRecorder client, SimulatedHome home, String code, String hid,
                                List<String> secrets) throws Exception {
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("client_id", "ring_official_android");
        grant.put("scope", "client");
        grant.put("grant_type", "password");
        grant.put("password", home.password());
        grant.put("username", home.email());
        assertEquals(412, client.send("POST", "oauth.ring.com", "/oauth/token", headers("Content-Type",
                "application/json", "2fa-support", "true", "2fa-code", "", "hardware_id", hid), json(grant)).status());
        CloudRecorder.Exchange tokens = client.send("POST", "oauth.ring.com", "/oauth/token", headers("Content-Type",
                "application/json", "2fa-support", "true", "2fa-code", code, "hardware_id", hid,
                "accept-encoding", "gzip"), json(grant));
        assertEquals(200, tokens.status());
        JsonNode body = JSON.readTree(CloudRecorder.decoded(tokens));
        secrets.add(body.path("access_token").asText());
        return body.path("access_token").asText();
    }

    /** What the EFF saw the Ring app's trackers receive, with this home's values. */
    private static void trackers(CloudRecorder client, SimulatedHome home, String hid) {
        String event = new String(json(Map.of("event", "App Open", "properties", Map.of("$email", home.email(),
                "$name", home.firstName() + " " + home.lastName(), "wifi", home.wifiName(), "distinct_id", hid))),
                java.nio.charset.StandardCharsets.UTF_8);
        client.recordOnly("POST", "api.mixpanel.example", "/track", headers("Content-Type",
                "application/x-www-form-urlencoded"), utf8("data=" + base64(event) + "&verbose=1"));
        String phoneDigits = home.phoneNumber().substring(1);
        client.recordOnly("POST", "graph.facebook.example", "/v19.0/123/activities", headers("Content-Type",
                "application/x-www-form-urlencoded"), utf8("event=MOBILE_APP_INSTALL&ud[em]="
                + hash("SHA-256", home.email()) + "&ud[ph]=" + hash("SHA-256", phoneDigits)));
        Map<String, Object> branch = new LinkedHashMap<>();
        branch.put("hardware_id", hid);
        branch.put("local_ip", "192.168.1.23");
        branch.put("lat", Double.parseDouble(home.location().latitude().substring(0, 5)));
        branch.put("lng", Double.parseDouble(home.location().longitude().substring(0, 6)));
        client.recordOnly("POST", "api2.branch.example", "/v1/open", headers("Content-Type", "application/json"),
                json(branch));
        client.recordOnly("POST", "crash.reports.example", "/upload", headers("Content-Type", "text/plain"),
                utf8("device " + home.doorbell().deviceId().toUpperCase() + " crashed in setup"));
    }
}
