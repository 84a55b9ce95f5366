package dev.trygr.analyzer.pii;

import dev.trygr.analyzer.pii.Identifier.Strength;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code --pii-file}: extra values of the account's to search for, one per line as {@code type: value}.
 *
 * <pre>
 * # my Ring account
 * email: jordan.whitfield@example.com
 * name: Jordan Whitfield
 * phone: +1 555 010 4477
 * address: 1458 Maple Grove Avenue
 * zip: 62704
 * location: 39.781721, -89.650148
 * mac: a4:da:22:f3:c9:1e
 * ssid: Whitfield-Home-5G
 * serial: G4X7-2201-8831
 * </pre>
 *
 * <p>UTF-8. Blank lines and lines starting with {@code #} are skipped. The type is before the first colon, the value
 * is the rest of the line, trimmed (one pair of surrounding double quotes removed), so MACs and URLs keep their
 * colons. Types: {@code email}, {@code name} (a full name; one word is matched like a given name),
 * {@code first_name}, {@code last_name}, {@code phone}, {@code address}, {@code zip} / {@code postal_code} and
 * {@code city} (counted only in fields named so), {@code latitude}, {@code longitude}, {@code location}
 * ({@code lat, lng}), {@code mac}, {@code ssid}, {@code serial}, {@code device_id}, {@code hardware_id},
 * {@code account_id}, {@code location_id}, {@code advertising_id}, {@code device_name}, {@code location_name}; any
 * other lower-case name ({@code [a-z][a-z0-9_]*}) is searched for as it is and reported under that name. Errors name
 * the line, never the value.
 */
final class PiiFile {
    static final String SOURCE = "--pii-file";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private PiiFile() {
    }

    static void read(Path file, KnownValues known) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --pii-file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = "--pii-file " + file + " line " + (i + 1);
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": expected \"type: value\"");
            }
            String type = line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replace('-', '_');
            String value = unquote(line.substring(colon + 1).strip());
            if (!TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException(where + ": the type must be a lower-case name like email or mac");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where + ": no value after \"" + type + ":\"");
            }
            add(type, value, known, where);
        }
    }

    private static void add(String type, String value, KnownValues known, String where) {
        switch (type) {
            case "email", "phone", "address", "ssid", "serial", "hardware_id", "street" ->
                    known.add(type.equals("street") ? "address" : type, value, Strength.DISTINCTIVE, SOURCE);
            case "name", "full_name" ->
                    known.add("name", value, value.strip().contains(" ") ? Strength.DISTINCTIVE : Strength.WEAK,
                            SOURCE);
            case "first_name", "last_name", "given_name", "family_name", "surname" ->
                    known.add("name", value, Strength.WEAK, SOURCE);
            case "zip", "zip_code", "postal_code", "postcode" ->
                    known.add("address", value, Strength.NUMERIC, KeyNames.POSTAL_KEYS, SOURCE);
            case "city" -> known.add("address", value, Strength.NUMERIC, KeyNames.CITY_KEYS, SOURCE);
            case "latitude", "lat" -> coordinate(known, true, value, where);
            case "longitude", "lng", "lon" -> coordinate(known, false, value, where);
            case "location", "coordinates" -> {
                String[] parts = value.split("[,;\\s]+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException(where + ": a location is \"latitude, longitude\"");
                }
                coordinate(known, true, parts[0], where);
                coordinate(known, false, parts[1], where);
            }
            case "mac", "bssid" -> {
                MacAddress mac = MacAddress.parse(value).orElseThrow(() ->
                        new IllegalArgumentException(where + ": not a MAC address (12 hex digits)"));
                known.add("mac", mac.colonSpelling(), Strength.DISTINCTIVE, SOURCE);
            }
            case "device_name", "location_name" -> known.add(type, value, Strength.WEAK, SOURCE);
            default -> known.add(type, value,
                    value.chars().allMatch(Character::isDigit) ? Strength.NUMERIC : Strength.DISTINCTIVE, Set.of(),
                    SOURCE);
        }
    }

    private static void coordinate(KnownValues known, boolean latitude, String value, String where) {
        if (!known.coordinate(latitude, value, SOURCE)) {
            throw new IllegalArgumentException(where + ": not a " + (latitude ? "latitude" : "longitude")
                    + " with at least 2 decimals");
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1).strip() : v;
    }
}
