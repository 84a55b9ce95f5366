package dev.trygr.analyzer.pii;

import dev.trygr.capture.ring.RingFixtures;
import dev.trygr.simulator.SimulatedHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.trygr.analyzer.pii.PiiCaptures.deflate;
import static dev.trygr.analyzer.pii.PiiCaptures.gzip;
import static dev.trygr.analyzer.pii.PiiCaptures.hash;
import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static dev.trygr.analyzer.pii.PiiCaptures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account's own values, learned from Ring's responses, found wherever and however a request carried them. */
class KnownValueDetectionTest {
    private static final SimulatedHome HOME = SimulatedHome.sample();
    private static final String EMAIL = HOME.email();

    @Test
    void foundInEveryFormAndEveryPlace(@TempDir Path dir) {
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        // url: a query value (plain) and the path (URL-encoded)
        capture.send("GET", "q.tracker.example", "/collect?uid=" + EMAIL.replace("@", "%40") + "&v=2", List.of(),
                new byte[0]);
        capture.send("GET", "path.tracker.example", "/users/" + EMAIL.replace("@", "%40") + "/events", List.of(),
                new byte[0]);
        // header: plain, and an upper-case SHA-256 of the lower-cased e-mail
        capture.send("GET", "header.tracker.example", "/", headers("X-User", EMAIL), new byte[0]);
        capture.send("GET", "hash.tracker.example", "/", headers("X-Em",
                hash("SHA-256", EMAIL).toUpperCase()), new byte[0]);
        // body: gzip JSON with a SHA-256, deflate form with an MD5, br JSON with a SHA-1
        capture.send("POST", "gzip.tracker.example", "/e", headers("Content-Type", "application/json",
                "Content-Encoding", "gzip"), gzip(json(Map.of("user", Map.of("em", hash("SHA-256", EMAIL))))));
        capture.send("POST", "deflate.tracker.example", "/e", headers("Content-Type",
                "application/x-www-form-urlencoded", "Content-Encoding", "deflate"),
                deflate(utf8("a=1&e=" + hash("MD5", EMAIL))));
        capture.send("POST", "br.tracker.example", "/e", headers("Content-Type", "application/json",
                "Content-Encoding", "br"), RingFixtures.brotli(new String(json(Map.of("h", hash("SHA-1", EMAIL))), StandardCharsets.UTF_8)));
        // body: base64 of JSON in a form value (as Mixpanel's data=), and base64 inside longer base64
        String event = new String(json(Map.of("event", "open", "properties", Map.of("$email", EMAIL))),
                StandardCharsets.UTF_8);
        capture.send("POST", "b64.tracker.example", "/track", headers("Content-Type",
                "application/x-www-form-urlencoded"), utf8("data=" + base64(event)));
        byte[] blob = concat(new byte[] {(byte) 0x80, 0x01}, utf8(EMAIL), new byte[] {(byte) 0xfe, 0x00, 0x07});
        capture.send("POST", "blob.tracker.example", "/b", headers("Content-Type", "text/plain"),
                utf8("payload " + Base64.getEncoder().encodeToString(blob) + " end"));
        // cookie (kept only when the session stores secrets: cookies are secrets otherwise)
        capture.send("GET", "cookie.tracker.example", "/", headers("Cookie", "sid=REDACTED:cookie:0123456789ab; "
                + "u=" + base64(EMAIL)), new byte[0]);
        // a WebSocket message the client sent, with the SSID
        capture.webSocket("ws.tracker.example", "/socket", "{\"net\":{\"wifi\":\"" + HOME.wifiName() + "\"}}");
        // the phone in a national spelling, a MAC-like device id written as a MAC, the street URL-encoded
        capture.send("POST", "text.tracker.example", "/t", headers("Content-Type", "text/plain"),
                utf8("call (555) 010-4477 now"));
        capture.send("GET", "mac.tracker.example", "/", headers("X-Device", "A4-DA-22-F3-C9-1E"), new byte[0]);
        capture.send("GET", "street.tracker.example", "/geo?q=" + HOME.location().address1().replace(" ", "+"),
                List.of(), new byte[0]);
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), true), null);

        assertFinding(found, "q.tracker.example", "email", "url", "query.uid", "plain");
        assertFinding(found, "path.tracker.example", "email", "url", "path", "url_encoded");
        assertFinding(found, "header.tracker.example", "email", "header", "X-User", "plain");
        assertFinding(found, "hash.tracker.example", "email", "header", "X-Em", "sha256");
        assertFinding(found, "gzip.tracker.example", "email", "body", "$.user.em", "sha256");
        assertFinding(found, "deflate.tracker.example", "email", "body", "e", "md5");
        assertFinding(found, "br.tracker.example", "email", "body", "$.h", "sha1");
        assertFinding(found, "b64.tracker.example", "email", "body", "data|base64|$.properties.$email", "base64");
        assertFinding(found, "blob.tracker.example", "email", "body", "body", "base64");
        assertFinding(found, "cookie.tracker.example", "email", "cookie", "u|base64", "base64");
        assertFinding(found, "ws.tracker.example", "ssid", "body", "ws[0]:$.net.wifi", "plain");
        assertFinding(found, "text.tracker.example", "phone", "body", "body", "plain");
        assertFinding(found, "mac.tracker.example", "device_id", "header", "X-Device", "plain");
        assertFinding(found, "street.tracker.example", "address", "url", "query.q", "plain");

        for (PersonalDataFinding f : found.findings()) {
            if (f.destinationHost().equals(RingResponses.API)) {
                assertEquals("device_id url path", f.dataType() + " " + f.where() + " " + f.fieldPath(),
                        "the account's own calls to Ring carry the doorbot id in their path, nothing else");
                continue;
            }
            assertEquals("known_value", f.method(), f.toString());
            assertTrue(f.confidence() >= 0.85, f.toString());
            assertTrue(f.party() == null);
            assertFalse(f.excerpt().toLowerCase().contains(EMAIL), f.excerpt());
            assertFalse(f.excerpt().contains("4477"), f.excerpt());
            assertFalse(f.excerpt().contains(HOME.wifiName()), f.excerpt());
        }
        PersonalDataFinding ssid = only(found, "ws.tracker.example", "ssid");
        assertEquals("wifi: ‹ssid›", ssid.excerpt());
    }

    @Test
    void ringsOwnResponsesAreSourcesNotLeaks(@TempDir Path dir) {
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        // a third party's response mentioning the e-mail is not something the client sent either
        capture.respond("cdn.tracker.example", "/config", Map.of("user", EMAIL));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        // Ring's responses carried every identifier; the requests only the doorbot ids in the health paths
        assertEquals(List.of("device_id url path /clients_api/doorbots/‹device_id›/health api.ring.com",
                        "device_id url path /clients_api/doorbots/‹device_id›/health api.ring.com"),
                found.findings().stream().map(f -> f.dataType() + " " + f.where() + " " + f.fieldPath() + " "
                        + f.excerpt() + " " + f.destinationHost()).toList(), "responses are never searched");
        Map<String, Integer> kinds = found.knownValues().stream().collect(Collectors.toMap(
                k -> k.dataType() + " from " + k.source(), KnownValue::count, Integer::sum, LinkedHashMap::new));
        assertEquals(1, kinds.get("email from clients_api/profile response"));
        assertEquals(3, kinds.get("name from clients_api/profile response"), "first, last, first last");
        assertEquals(1, kinds.get("phone from clients_api/profile response"));
        assertEquals(1, kinds.get("hardware_id from clients_api/profile response"));
        assertEquals(1, kinds.get("account_id from clients_api/profile response"));
        assertEquals(3, kinds.get("address from devices/v1/locations response"), "street, city, zip");
        assertEquals(1, kinds.get("location from devices/v1/locations response"));
        assertEquals(4, kinds.get("device_id from clients_api/ring_devices response"),
                "numeric ids and MAC-like device_ids");
        assertEquals(2, kinds.get("device_name from clients_api/ring_devices response"));
        assertEquals(1, kinds.get("ssid from clients_api/doorbots/{id}/health response"));
        assertEquals(1, kinds.get("location_name from devices/v1/locations response"));
        String all = found.knownValues().toString();
        for (String value : HOME.personalValues()) {
            assertFalse(all.contains(value), "known values are kinds and counts, never values: " + value);
        }
    }

    @Test
    void hashedEmailIsLowerCasedAndTrimmedBeforeHashing(@TempDir Path dir) {
        SimulatedHome mixedCase = new SimulatedHome(HOME.userId(), "  Jordan.Whitfield@Example.COM ",
                HOME.password(), HOME.firstName(), HOME.lastName(), HOME.phoneNumber(), HOME.authenticationToken(),
                HOME.location(), HOME.wifiName(), HOME.cameras());
        PiiCaptures capture = new PiiCaptures().respond(RingResponses.API, "/clients_api/profile",
                RingResponses.profile(mixedCase));
        capture.send("POST", "graph.facebook.example", "/events", headers("Content-Type", "application/json"),
                json(Map.of("data", List.of(Map.of("user_data", Map.of("em",
                        hash("SHA-256", "jordan.whitfield@example.com")))))));
        capture.send("GET", "md5.tracker.example", "/p?eh=" + hash("MD5", "JORDAN.WHITFIELD@EXAMPLE.COM"),
                List.of(), new byte[0]);
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        PersonalDataFinding fb = only(found, "graph.facebook.example", "email");
        assertEquals("sha256", fb.form());
        assertEquals("known_value", fb.method());
        assertEquals(0.95, fb.confidence());
        assertEquals("$.data[0].user_data.em", fb.fieldPath());
        assertEquals("em: ‹email:sha256›", fb.excerpt());
        assertEquals("md5", only(found, "md5.tracker.example", "email").form());
    }

    @Test
    void firstPartyCallsAreReportedToo(@TempDir Path dir) {
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        for (int i = 0; i < 3; i++) {
            capture.send("GET", RingResponses.API, "/clients_api/doorbots/" + HOME.doorbell().id() + "/health",
                    headers("hardware_id", RingResponses.HARDWARE_ID, "Authorization", "Bearer abc.def.ghi"),
                    new byte[0]);
        }
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        List<PersonalDataFinding> hid = found.findings().stream()
                .filter(f -> f.dataType().equals("hardware_id")).toList();
        // the account's own four GETs carried no hardware_id; the three health calls did
        assertEquals(3, hid.size(), found.findings().toString());
        assertTrue(hid.stream().allMatch(f -> f.where().equals("header") && f.fieldPath().equals("hardware_id")));
        assertTrue(found.findings().stream().anyMatch(f -> f.dataType().equals("device_id")
                && f.where().equals("url") && f.fieldPath().equals("path")), found.findings().toString());
        assertTrue(found.findings().stream().noneMatch(f -> f.excerpt().contains("Bearer")));
    }

    @Test
    void excerptsOfCredentialsShowNoContext(@TempDir Path dir) {
        String basic = base64(EMAIL + ":" + HOME.password());
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        capture.send("GET", "legacy.example", "/", headers("Authorization", "Basic " + basic), new byte[0]);
        // a capture recorded with --store-secrets keeps the credentials as they were
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), true), null);

        PersonalDataFinding f = only(found, "legacy.example", "email");
        assertEquals("header Authorization base64", f.where() + " " + f.fieldPath() + " " + f.form());
        assertTrue(f.excerpt().startsWith("Authorization: …‹email:base64›"), f.excerpt());
        String rest = basic.substring(basic.length() - 8);
        assertFalse(f.excerpt().contains(rest) || f.excerpt().contains(HOME.password()), f.excerpt());
    }

    @Test
    void fieldNamesThatAreThemselvesPersonalDataAreMasked(@TempDir Path dir) {
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        capture.send("POST", "contacts.example", "/sync", headers("Content-Type", "application/json"),
                json(Map.of("by_email", Map.of(EMAIL, HOME.firstName() + " " + HOME.lastName()))));
        capture.send("GET", "bare.example", "/lookup?" + EMAIL, List.of(), new byte[0]);
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        PersonalDataFinding name = only(found, "contacts.example", "name");
        assertEquals("$.by_email.‹email›", name.fieldPath());
        assertEquals("‹email›: ‹name›", name.excerpt());
        assertEquals("query", only(found, "bare.example", "email").fieldPath());
        assertFalse(found.toString().contains(EMAIL));
    }

    @Test
    void serialNumbersFromTheLocationSocket(@TempDir Path dir) {
        PiiCaptures capture = new PiiCaptures().webSocket("ws-4f2a.prd.rings.solutions", "/ws?authcode=x&ack=false",
                "{\"channel\":\"message\",\"msg\":{\"msg\":\"DeviceInfoDocGetList\",\"seq\":1}}")
                .serverMessage("{\"channel\":\"DataUpdate\",\"msg\":{\"msg\":\"DeviceInfoDocGetList\","
                        + "\"body\":[{\"general\":{\"v2\":{\"zid\":\"0a1b2c3d-aaaa-4bbb-8ccc-0123456789ab\","
                        + "\"name\":\"Front Door Lock\",\"serialNumber\":\"BS7G2201X8831\"}}}]}}");
        capture.send("POST", "support.vendor.example", "/ticket", headers("Content-Type", "application/json"),
                json(Map.of("device", "BS7G2201X8831")));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        assertFinding(found, "support.vendor.example", "serial", "body", "$.device", "plain");
        assertTrue(found.knownValues().contains(new KnownValue("serial", "ws websocket", 1)),
                found.knownValues().toString());
        assertTrue(found.findings().stream().noneMatch(f -> f.destinationHost().endsWith("rings.solutions")),
                "what the server sent is not searched");
    }

    static void assertFinding(PersonalDataFindings found, String host, String type, String where, String path,
                              String form) {
        Optional<PersonalDataFinding> f = found.findings().stream()
                .filter(x -> x.destinationHost().equals(host) && x.dataType().equals(type)).findFirst();
        assertTrue(f.isPresent(), "no " + type + " to " + host + " in " + found.findings());
        assertEquals(where + " " + path + " " + form, f.get().where() + " " + f.get().fieldPath() + " "
                + f.get().form(), f.get().toString());
    }

    static PersonalDataFinding only(PersonalDataFindings found, String host, String type) {
        List<PersonalDataFinding> matching = found.findings().stream()
                .filter(x -> x.destinationHost().equals(host) && x.dataType().equals(type)).toList();
        assertEquals(1, matching.size(), found.findings().toString());
        return matching.get(0);
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(utf8(s));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
