package dev.trygr.analyzer.pii;

import dev.trygr.capture.Header;
import dev.trygr.simulator.SimulatedHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.trygr.analyzer.pii.KnownValueDetectionTest.only;
import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static dev.trygr.analyzer.pii.PiiCaptures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Personal data of unknown value: by the field's name, and by validated shapes; locations graded by precision. */
class KeyNameAndPatternTest {
    private static final List<Header> JSON_TYPE = headers("Content-Type", "application/json");

    @Test
    void keyNamesWithValidatedValues(@TempDir Path dir) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_email", "casey.moreno@example.org");
        body.put("phone", "+44 20 7946 0958");
        body.put("$first_name", "Casey");
        body.put("bssid", "3c:22:fb:12:34:56");
        body.put("wifi_mac", "02:1a:2b:3c:4d:5e");
        body.put("ssid", "Moreno Family");
        body.put("serialNumber", "G4X7220188");
        body.put("zip", "94110");
        body.put("idfa", "6D92078A-8246-4BA4-AE5B-76104861E7DC");
        body.put("local_ip", "192.168.1.23");
        body.put("location", Map.of("lat", 51.5074, "lng", -0.1278));
        PiiCaptures capture = new PiiCaptures()
                .send("POST", "sdk.analytics.example", "/v1/identify", JSON_TYPE, json(body))
                .send("GET", "maps.example", "/tile?ll=48.85661,2.35222&z=12", List.of(), new byte[0]);
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        String host = "sdk.analytics.example";
        assertKey(only(found, host, "email"), "$.user_email", 0.85);
        assertKey(only(found, host, "phone"), "$.phone", 0.75);
        assertKey(only(found, host, "name"), "$.$first_name", 0.6);
        assertKey(only(found, host, "ssid"), "$.ssid", 0.7);
        assertKey(only(found, host, "serial"), "$.serialNumber", 0.7);
        assertKey(only(found, host, "address"), "$.zip", 0.5);
        assertKey(only(found, host, "advertising_id"), "$.idfa", 0.7);
        assertKey(only(found, host, "ip_address"), "$.local_ip", 0.5);
        assertTrue(only(found, host, "ip_address").excerpt().endsWith("[private address]"));
        List<PersonalDataFinding> macs = found.findings().stream()
                .filter(f -> f.destinationHost().equals(host) && f.dataType().equals("mac")).toList();
        assertEquals(2, macs.size(), macs.toString());
        assertKey(macs.get(0), "$.bssid", 0.8);
        assertKey(macs.get(1), "$.wifi_mac", 0.5);
        assertEquals("wifi_mac: ‹mac› [locally administered MAC]", macs.get(1).excerpt());

        PersonalDataFinding place = only(found, host, "location");
        assertKey(place, "$.location.{lat,lng}", 0.85);
        assertEquals(4, place.locationDecimals());
        assertEquals(11.13, place.locationMetres());

        PersonalDataFinding tile = only(found, "maps.example", "location");
        assertKey(tile, "query.ll", 0.85);
        assertEquals(5, tile.locationDecimals());
        assertEquals(1.11, tile.locationMetres());
        assertEquals("ll=‹location›", tile.excerpt());
    }

    @Test
    void validatedPatternsInFreeText(@TempDir Path dir) {
        String text = "ping from 40.712776,-74.005974 by someone@else.org, call +447700900123, "
                + "router 3c:22:fb:12:34:56, phone random 06:1a:2b:3c:4d:5e";
        PiiCaptures capture = new PiiCaptures()
                .send("POST", "logs.example", "/ingest", headers("Content-Type", "text/plain"), utf8(text));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        List<PersonalDataFinding> all = found.findings();
        assertTrue(all.stream().allMatch(f -> f.method().equals("pattern") && f.fieldPath().equals("body")),
                all.toString());
        PersonalDataFinding place = only(found, "logs.example", "location");
        assertEquals(6, place.locationDecimals());
        assertEquals(0.11, place.locationMetres());
        assertEquals(0.5, place.confidence());
        assertEquals("ping from ‹location› by ‹email›, call ‹phone›…", place.excerpt());
        assertEquals(0.55, only(found, "logs.example", "email").confidence());
        assertEquals(0.6, only(found, "logs.example", "phone").confidence());
        // one MAC per field: the most trusted of the two
        PersonalDataFinding mac = only(found, "logs.example", "mac");
        assertEquals(0.7, mac.confidence());
        assertFalse(mac.excerpt().contains("3c:22"), mac.excerpt());
    }

    @Test
    void knownLocationGradedByTheDecimalsSent(@TempDir Path dir) {
        SimulatedHome home = SimulatedHome.sample();
        PiiCaptures capture = new PiiCaptures()
                .respond(RingResponses.API, "/devices/v1/locations", RingResponses.locations(home))
                .send("GET", "weather.example", "/forecast?lat=39.78&lon=-89.65", List.of(), new byte[0])
                .send("POST", "geo.example", "/v", JSON_TYPE, json(Map.of("p", List.of(39.7817, -89.6501))))
                .send("POST", "ads.example", "/bid", JSON_TYPE,
                        json(Map.of("geo", Map.of("la", 39781721, "lo", -89650148))))
                .send("GET", "exact.example", "/here/39.781721/-89.650148", List.of(), new byte[0]);
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), null);

        PersonalDataFinding weather = only(found, "weather.example", "location");
        assertEquals("known_value", weather.method());
        assertEquals("query.{lat,lon}", weather.fieldPath());
        assertEquals(2, weather.locationDecimals());
        assertEquals(1113.2, weather.locationMetres());
        assertEquals(0.9, weather.confidence());

        PersonalDataFinding array = only(found, "geo.example", "location");
        assertEquals("known_value", array.method());
        assertEquals("$.p", array.fieldPath());
        assertEquals(4, array.locationDecimals());
        assertEquals(0.95, array.confidence());
        assertEquals("p: ‹location›", array.excerpt());

        PersonalDataFinding scaled = only(found, "ads.example", "location");
        assertEquals("$.geo.{la,lo}", scaled.fieldPath());
        assertEquals(6, scaled.locationDecimals());

        PersonalDataFinding exact = only(found, "exact.example", "location");
        assertEquals(6, exact.locationDecimals());
        assertEquals("/here/‹location›", exact.excerpt());
    }

    private static void assertKey(PersonalDataFinding f, String path, double confidence) {
        assertEquals("key_name", f.method(), f.toString());
        assertEquals(path, f.fieldPath(), f.toString());
        assertEquals(confidence, f.confidence(), f.toString());
        assertEquals("body".equals(f.where()) || "url".equals(f.where()), true);
        if (!f.dataType().equals("location")) {
            assertNull(f.locationDecimals());
        }
    }
}
