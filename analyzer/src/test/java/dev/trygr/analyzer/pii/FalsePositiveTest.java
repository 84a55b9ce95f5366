package dev.trygr.analyzer.pii;

import dev.trygr.simulator.SimulatedHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static dev.trygr.analyzer.pii.PiiCaptures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Things that look like personal data and are not. Each must yield no finding at all. */
class FalsePositiveTest {
    private static final SimulatedHome HOME = SimulatedHome.sample();

    @Test
    void hexThatIsNotAMac(@TempDir Path dir) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", "5c47bd0e8a2f");             // twelve hex digits, not under a MAC's name
        body.put("nonce", "a4da22f3c91eab12");
        body.put("sha", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        body.put("broadcast", "ff:ff:ff:ff:ff:ff");
        body.put("zero", "00:00:00:00:00:00");
        body.put("multicast", "01:00:5e:00:00:fb");
        body.put("mac", "ff-ff-ff-ff-ff-ff");               // named like a MAC, but broadcast
        body.put("fingerprint", "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01");
        body.put("ipv6", "fe80::1a2b:3c4d:5e6f:7a8b");
        assertNoFindings(new PiiCaptures().send("POST", "api.example", "/x",
                headers("Content-Type", "application/json"), json(body)), dir);
    }

    @Test
    void versionsAndReadingsThatAreNotCoordinates(@TempDir Path dir) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app_version", "3.21.1");
        body.put("versions", "10.4, 12.1");
        body.put("build", "1.2.3456,7.8.9012");
        body.put("accel", List.of(0.0123, 9.8066, 0.4431));
        body.put("gyro", "0.123456,0.654321");
        body.put("matrix", "1.0000, 12.3456, 45.6789, 0.0000");
        body.put("ratio", 39.781721);                       // one number alone, no coordinates known
        body.put("lat", 0);                                 // null island default
        body.put("lng", 0);
        assertNoFindings(new PiiCaptures().send("POST", "api.example", "/x",
                headers("Content-Type", "application/json"), json(body)), dir);
    }

    @Test
    void timestampsThatAreNotPhones(@TempDir Path dir) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ts", "+1700000000");
        body.put("t", 1_700_000_000_123L);
        body.put("note", "sent at +1700000000123 and +1700000000, offset +0100, 1.7e+12");
        body.put("expires_at", "+15550104477");               // phone-shaped, but a field named like a time
        assertNoFindings(new PiiCaptures().send("POST", "api.example", "/x",
                headers("Content-Type", "application/json"), json(body)), dir);
    }

    @Test
    void markersAreNeverPersonalData(@TempDir Path dir) {
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", HOME.password());              // redacted by the capture writer
        body.put("note", "REDACTED:token:" + HOME.doorbell().deviceId());  // a marker whose hex is a known id
        body.put("email", "REDACTED:password:0123456789ab"); // a marker under an e-mail's name
        body.put("mac", "REDACTED:token:a4da22f3c91e");
        capture.send("POST", "api.example", "/x", headers("Content-Type", "application/json",
                "Authorization", "Bearer " + HOME.authenticationToken(), "X-Trace", "REDACTED:cookie:5c47bd0e8a21"),
                json(body));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);
        assertEquals(List.of(), found.findings().stream().filter(f -> f.destinationHost().equals("api.example"))
                .toList());
    }

    @Test
    void roleMailboxesAndShortNamesAlone(@TempDir Path dir) {
        SimulatedHome shortName = new SimulatedHome(HOME.userId(), HOME.email(), HOME.password(), "Al", "Li",
                HOME.phoneNumber(), HOME.authenticationToken(), HOME.location(), HOME.wifiName(), HOME.cameras());
        PiiCaptures capture = new PiiCaptures().respond(RingResponses.API, "/clients_api/profile",
                RingResponses.profile(shortName));
        capture.send("POST", "api.example", "/x", headers("Content-Type", "application/json"),
                json(Map.of("from", "noreply@example.org", "lang", "li", "region", "al", "text", "Al Li was here")));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);
        // "Al Li" is the full name: found; "li" and "al" alone in fields not named for names are not
        assertEquals(List.of("name known_value $.text"), found.findings().stream()
                .filter(f -> f.destinationHost().equals("api.example"))
                .map(f -> f.dataType() + " " + f.method() + " " + f.fieldPath()).toList());
    }

    private static void assertNoFindings(PiiCaptures capture, Path dir) {
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);
        assertEquals(List.of(), found.findings());
    }
}
