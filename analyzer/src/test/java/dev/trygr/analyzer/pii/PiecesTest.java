package dev.trygr.analyzer.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts, table by table. */
class PiecesTest {

    @Test
    void automatonFindsOverlappingPatternsCaseInsensitively() {
        Automaton a = new Automaton(List.of("he", "she", "his", "hers"));
        List<String> found = new ArrayList<>();
        for (Automaton.Match m : a.find("uSHErs")) {
            found.add(m.pattern() + "@" + m.start() + "-" + m.end());
        }
        assertEquals(List.of("1@1-4", "0@2-4", "3@2-6"), found);
    }

    @Test
    void base64FragmentsFindAValueAtAnyAlignment() {
        byte[] value = "jordan.whitfield@example.com".getBytes(StandardCharsets.UTF_8);
        Automaton a = new Automaton(Spellings.base64Fragments(value));
        for (int prefix = 0; prefix < 6; prefix++) {
            byte[] blob = new byte[prefix + value.length + 4];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (0x80 + i * 7);
            }
            System.arraycopy(value, 0, blob, prefix, value.length);
            String encoded = Base64.getEncoder().encodeToString(blob);
            assertFalse(a.find(encoded).isEmpty(), "prefix " + prefix);
            assertFalse(a.find(encoded.replace('+', '-').replace('/', '_')).isEmpty(), "url-safe, prefix " + prefix);
        }
    }

    @ParameterizedTest(name = "{0}: unicast {1}, locally administered {2}")
    @CsvSource({
            "a4:da:22:f3:c9:1e, true,  false",
            "A4-DA-22-F3-C9-1E, true,  false",
            "a4da.22f3.c91e,    true,  false",
            "02:1a:2b:3c:4d:5e, true,  true",
            "ff:ff:ff:ff:ff:ff, false, true",
            "00:00:00:00:00:00, false, false",
            "01:00:5e:00:00:fb, false, false",
    })
    void macBits(String text, boolean unicast, boolean local) {
        MacAddress mac = MacAddress.parse(text).orElseThrow();
        assertEquals(unicast, mac.isUnicast());
        assertEquals(local, mac.isLocallyAdministered());
    }

    @Test
    void notMacs() {
        for (String s : List.of("a4:da:22:f3:c9", "a4:da-22:f3:c9:1e", "g4:da:22:f3:c9:1e", "a4da22f3c91e00")) {
            assertTrue(MacAddress.parse(s).isEmpty(), s);
        }
    }

    @ParameterizedTest(name = "+{0}: {1}")
    @CsvSource({
            "15550104477,   true",
            "447700900123,  true",
            "4930123456,    true",
            "1700000000,    false",
            "1700000000123, false",
            "10550104477,   false",
            "0123456789,    false",
            "1234567,       false",
    })
    void e164Plausibility(String digits, boolean plausible) {
        assertEquals(plausible, PhoneNumber.plausibleE164(digits));
    }

    @Test
    void phoneSpellings() {
        assertEquals(List.of("+15550104477", "15550104477", "5550104477", "(555) 010-4477", "(555)010-4477",
                "555-010-4477", "555.010.4477", "555 010 4477", "+1 555 010 4477", "+1-555-010-4477",
                "+1 (555) 010-4477"), PhoneNumber.parse("+1 (555) 010-4477").orElseThrow().spellings());
        assertTrue(PhoneNumber.parse("+1xxxxxxxx77").isEmpty(), "masked");
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "39.78,      39.781721, true",
            "39.79,      39.786721, true",
            "39.7817,    39.781721, true",
            "39.781721,  39.781721, true",
            "39.7817212, 39.781721, true",
            "39.77,      39.781721, false",
            "39.8,       39.781721, false",
            "-89.65,     -89.650148, true",
            "89.65,      -89.650148, false",
    })
    void coordinatesMatchAtTheDecimalsSent(String sent, String known, boolean matches) {
        assertEquals(matches, Coordinate.parse(sent).orElseThrow()
                .matches(Coordinate.parse(known).orElseThrow(), 2));
    }

    @Test
    void precisionInMetres() {
        assertEquals(List.of(111320.0, 11132.0, 1113.2, 111.32, 11.13, 1.11, 0.11),
                List.of(0, 1, 2, 3, 4, 5, 6).stream().map(Coordinate::metres).toList());
    }

    @Test
    void jsonPathsAndCoordinatePairs() {
        List<String> leaves = new ArrayList<>();
        int[] n = {0};
        assertTrue(JsonWalk.walk("{\"a\":{\"b\":[1,\"x\",{\"c\":true,\"d\":\"y\"}]},\"p\":[39.78,-89.65],"
                + "\"q\":[1,2,3],\"e\":\"z\"}", "", (path, key, text, number, container) ->
                leaves.add(path + " " + key + "=" + text + (number ? "#" : "")), () -> ++n[0]));
        assertEquals(List.of("$.a.b[0] b=1#", "$.a.b[1] b=x", "$.a.b[2].d d=y", "$.p p=39.78,-89.65",
                "$.q[0] q=1#", "$.q[1] q=2#", "$.q[2] q=3#", "$.e e=z"), leaves);
        assertFalse(JsonWalk.walk("{\"a\": [1, 2", "", (p, k, t, num, c) -> { }, () -> 0));
    }

    @Test
    void excerptsHideOpaqueRunsButNotMarkers() {
        assertEquals("token ‹…› marker REDACTED:token:0123456789ab path /clients_api/doorbots/",
                Excerpts.clean("token eyJhbGciOiJIUzI1NiJ9abc123 marker REDACTED:token:0123456789ab "
                        + "path /clients_api/doorbots/"));
    }

    @Test
    void urlDecodingNeverFails() {
        assertEquals("a b%zz%4", UrlText.decode("a+b%zz%4", true));
        assertEquals("jordan@example.com", UrlText.decode("jordan%40example.com", false));
        assertEquals("{\"a\":1}", UrlText.base64Text(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes())));
        assertEquals(null, UrlText.base64Text("9f86d081884c7d659a2feaa0c55ad015"), "hex decodes to noise");
    }
}
