package dev.trygr.analyzer.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.trygr.analyzer.pii.KnownValueDetectionTest.only;
import static dev.trygr.analyzer.pii.PiiCaptures.hash;
import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --pii-file}: values the capture cannot teach, one {@code type: value} per line. */
class PiiFileTest {

    @Test
    void valuesFromTheFileAreFound(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pii.txt");
        Files.writeString(file, """
                # Casey's household
                email: Casey.Moreno@Example.org
                name: "Casey Moreno"
                phone: (415) 555-0199
                mac: 3C-22-FB-12-34-56
                location: 37.7599, -122.4148
                zip: 94110
                loyalty_card: 6012345678901234

                """);
        PiiCaptures capture = new PiiCaptures()
                .send("POST", "crm.example", "/sync", headers("Content-Type", "application/json"), json(Map.of(
                        "contact", Map.of("h", hash("SHA-256", "casey.moreno@example.org"),
                                "display", "Casey Moreno", "tel", "+14155550199"),
                        "router", "3c:22:fb:12:34:56",
                        "where", Map.of("latitude", "37.76", "longitude", "-122.41"),
                        "postal", "94110",
                        "card", "6012345678901234",
                        "other_zip", "x 94110 y")));
        PersonalDataFindings found = PiiCaptures.scan(capture.write(dir.resolve("c.db"), false), file);

        String host = "crm.example";
        assertEquals("sha256", only(found, host, "email").form());
        assertEquals("$.contact.display", only(found, host, "name").fieldPath());
        assertEquals("$.contact.tel", only(found, host, "phone").fieldPath());
        assertEquals("$.router", only(found, host, "mac").fieldPath());
        PersonalDataFinding place = only(found, host, "location");
        assertEquals("known_value", place.method());
        assertEquals(2, place.locationDecimals());
        assertEquals("$.where.{latitude,longitude}", place.fieldPath());
        assertEquals("$.postal", only(found, host, "address").fieldPath(), "a zip counts only under a zip's name");
        assertEquals("$.card", only(found, host, "loyalty_card").fieldPath());
        assertTrue(found.findings().stream().allMatch(f -> f.method().equals("known_value")),
                found.findings().toString());

        assertEquals(List.of("email 1", "name 1", "phone 1", "mac 1", "location 1", "address 1", "loyalty_card 1"),
                found.knownValues().stream().filter(k -> k.source().equals("--pii-file"))
                        .map(k -> k.dataType() + " " + k.count()).toList());
    }

    @Test
    void malformedLinesNameTheLineNotTheValue(@TempDir Path dir) throws IOException {
        Path capture = new PiiCaptures().write(dir.resolve("c.db"), false);
        for (String line : List.of("just-a-value@example.org", "email:", "Bad Type!: x@example.org",
                "mac: not-a-mac-secret", "location: 37.7599")) {
            Path file = dir.resolve("bad.txt");
            Files.writeString(file, "# ok\nemail: fine@example.org\n" + line + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PiiCaptures.scan(capture, file), line);
            assertTrue(e.getMessage().contains("line 3"), e.getMessage());
            assertFalse(e.getMessage().contains("example.org") || e.getMessage().contains("secret"),
                    e.getMessage());
        }
    }
}
