package dev.trygr.analyzer.pii;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values in fields whose names say what they hold ({@link KeyNames}), each checked against the shape it must have:
 * an {@code email} field must hold an address, a {@code mac} field a unicast MAC, and so on. A hex digest in an
 * e-mail, phone, name or address field is reported as that data hashed. Coordinates are {@link LocationFinder}'s.
 */
final class KeyNameFinder {
    static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
    private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}'.-]*(?: [\\p{L}][\\p{L}'.-]*){0,3}");
    private static final Pattern POSTAL = Pattern.compile("(?=.*\\d)[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]");
    private static final Pattern SERIAL = Pattern.compile("(?=.*\\d)[A-Za-z0-9_-]{6,40}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_:.-]{8,128}");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Set<String> EMPTY_WORDS = Set.of("null", "true", "false", "undefined", "none", "unknown",
            "n/a", "na", "-", "0", "[]", "{}", "nil", "empty");
    private static final Set<String> HASHABLE = Set.of(KeyNames.EMAIL, KeyNames.PHONE, KeyNames.NAME,
            KeyNames.ADDRESS, KeyNames.POSTAL_CODE, KeyNames.CITY);

    static final String LOCALLY_ADMINISTERED = "locally administered MAC";

    private KeyNameFinder() {
    }

    static void find(Segment s, List<Hit> out) {
        String category = KeyNames.category(s.key());
        if (category == null || category.equals(KeyNames.LATITUDE) || category.equals(KeyNames.LONGITUDE)
                || category.equals(KeyNames.COORDINATES)) {
            return;
        }
        String v = s.text().strip();
        if (v.isEmpty() || v.length() > 256 || v.contains(Markers.PREFIX)
                || EMPTY_WORDS.contains(v.toLowerCase(Locale.ROOT))) {
            return;
        }
        if (HASHABLE.contains(category) && DIGEST.matcher(v).matches()) {
            String form = switch (v.length()) {
                case 32 -> "md5";
                case 40 -> "sha1";
                default -> "sha256";
            };
            out.add(hit(dataType(category), form, 0.6, s));
            return;
        }
        String form = s.layer() == null ? "plain" : s.layer();
        switch (category) {
            case KeyNames.EMAIL -> {
                if (EMAIL.matcher(v).matches()) {
                    out.add(hit(KeyNames.EMAIL, form, 0.85, s));
                }
            }
            case KeyNames.PHONE -> {
                Optional<PhoneNumber> p = PhoneNumber.parse(v);
                if (p.isPresent() && p.get().digits().length() >= 8) {
                    out.add(hit(KeyNames.PHONE, form, 0.75, s));
                }
            }
            case KeyNames.NAME -> {
                if (v.length() >= 2 && v.length() <= 64 && NAME.matcher(v).matches()) {
                    out.add(hit(KeyNames.NAME, form, 0.6, s));
                }
            }
            case KeyNames.ADDRESS -> {
                boolean letters = v.chars().anyMatch(Character::isLetter);
                boolean digitsOrWords = v.chars().anyMatch(Character::isDigit) || v.indexOf(' ') > 0;
                if (letters && digitsOrWords && v.length() >= 5 && !EMAIL.matcher(v).matches()
                        && !v.contains("://") && MacAddress.parse(v).isEmpty()) {
                    out.add(hit(KeyNames.ADDRESS, form, 0.6, s));
                }
            }
            case KeyNames.POSTAL_CODE -> {
                if (POSTAL.matcher(v).matches()) {
                    out.add(hit(KeyNames.ADDRESS, form, 0.5, s));
                }
            }
            case KeyNames.CITY -> {
                if (v.length() <= 64 && NAME.matcher(v).matches()) {
                    out.add(hit(KeyNames.ADDRESS, form, 0.4, s));
                }
            }
            case KeyNames.SSID -> {
                if (v.length() <= 32 && !v.chars().allMatch(Character::isDigit)) {
                    out.add(hit(KeyNames.SSID, form, 0.7, s));
                }
            }
            case KeyNames.MAC -> MacAddress.parse(v).filter(MacAddress::isUnicast).ifPresent(m -> out.add(
                    m.isLocallyAdministered() ? hit(KeyNames.MAC, form, 0.5, s).withNote(LOCALLY_ADMINISTERED)
                            : hit(KeyNames.MAC, form, 0.8, s)));
            case KeyNames.SERIAL -> {
                if (SERIAL.matcher(v).matches() && distinct(v) > 2) {
                    out.add(hit(KeyNames.SERIAL, form, 0.7, s));
                }
            }
            case KeyNames.DEVICE_ID, KeyNames.HARDWARE_ID, KeyNames.ADVERTISING_ID -> {
                if (IDENTIFIER.matcher(v).matches() && distinct(v.replaceAll("[_:.-]", "")) > 2) {
                    out.add(hit(category, form, category.equals(KeyNames.DEVICE_ID) ? 0.6 : 0.7, s));
                }
            }
            case KeyNames.IP_ADDRESS -> {
                if (IPV4.matcher(v).matches() && !v.startsWith("127.") && !v.startsWith("0.")
                        && !v.equals("255.255.255.255")) {
                    Hit h = hit(KeyNames.IP_ADDRESS, form, 0.5, s);
                    out.add(privateAddress(v) ? h.withNote("private address") : h);
                }
            }
            default -> { }
        }
    }

    private static String dataType(String category) {
        return category.equals(KeyNames.POSTAL_CODE) || category.equals(KeyNames.CITY) ? KeyNames.ADDRESS : category;
    }

    private static Hit hit(String dataType, String form, double confidence, Segment s) {
        String text = s.text();
        int start = text.indexOf(text.strip());
        return Hit.of(dataType, Hit.KEY, form, confidence, s, start, start + text.strip().length());
    }

    private static long distinct(String s) {
        return s.chars().distinct().count();
    }

    private static boolean privateAddress(String ip) {
        return ip.startsWith("10.") || ip.startsWith("192.168.")
                || ip.matches("172\\.(1[6-9]|2\\d|3[01])\\..*") || ip.startsWith("169.254.");
    }
}
