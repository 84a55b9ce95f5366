package dev.trygr.analyzer.pii;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every way one known value may be written: its usual spellings (phone and MAC formats), URL-encoded, base64
 * (whole, and the fragments that stay the same whatever bytes sit before it in a longer base64 text), and MD5,
 * SHA-1 and SHA-256 hex digests of its trimmed, lower- and upper-case spellings (e-mails lower-cased before
 * hashing, as trackers do).
 */
final class Spellings {
    /** A value shorter than this is matched only as a whole field (a two-letter name is in every word). */
    static final int MIN_ANYWHERE = 6;
    static final int MIN_ANYWHERE_WEAK = 4;
    /** Base64 fragments shorter than this are not searched for. */
    static final int MIN_BASE64_FRAGMENT = 10;
    private static final double BASE64_FRAGMENT_CONFIDENCE = 0.85;
    private static final double HASH_CONFIDENCE = 0.95;
    private static final String[] DIGESTS = {"md5", "sha1", "sha256"};

    private Spellings() {
    }

    static List<Spelling> of(int index, Identifier id) {
        List<Spelling> out = new ArrayList<>();
        double confidence = id.strength().confidence;
        String trimmed = id.value().strip();
        for (String plain : plainSpellings(id)) {
            boolean anywhere = anywhere(id, plain);
            out.add(new Spelling(index, lower(plain), "plain", true, anywhere, confidence));
            String encoded = URLEncoder.encode(plain, StandardCharsets.UTF_8);
            if (!encoded.equals(plain)) {
                out.add(new Spelling(index, lower(encoded), "url_encoded", true, anywhere, confidence));
                if (encoded.contains("+")) {
                    out.add(new Spelling(index, lower(encoded.replace("+", "%20")), "url_encoded", true, anywhere,
                            confidence));
                }
            }
        }
        for (String source : caseVariants(trimmed)) {
            byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
            String whole = Base64.getEncoder().encodeToString(bytes);
            out.add(new Spelling(index, lower(whole), "base64", true, false, confidence));
            out.add(new Spelling(index, lower(whole.replace("=", "")), "base64", true, false, confidence));
            for (String fragment : base64Fragments(bytes)) {
                out.add(new Spelling(index, fragment, "base64", false, true,
                        Math.min(confidence, BASE64_FRAGMENT_CONFIDENCE)));
            }
        }
        for (String source : hashInputs(id)) {
            for (String digest : DIGESTS) {
                out.add(new Spelling(index, hex(digest, source), digest, true, true, HASH_CONFIDENCE));
            }
        }
        return dedupe(out);
    }

    private static boolean anywhere(Identifier id, String plain) {
        return switch (id.strength()) {
            case WEAK -> plain.length() >= MIN_ANYWHERE_WEAK;
            case NUMERIC, DISTINCTIVE -> plain.length() >= MIN_ANYWHERE || plain.contains("@")
                    || (plain.strip().indexOf(' ') > 0 && plain.length() >= MIN_ANYWHERE_WEAK);
        };
    }

    private static Set<String> plainSpellings(Identifier id) {
        Set<String> out = new LinkedHashSet<>();
        String v = id.value().strip();
        out.add(v);
        Optional<MacAddress> mac = macLike(id);
        mac.ifPresent(m -> out.addAll(m.spellings()));
        if (id.dataType().equals("phone")) {
            PhoneNumber.parse(v).ifPresent(p -> out.addAll(p.spellings()));
        }
        return out;
    }

    private static Optional<MacAddress> macLike(Identifier id) {
        boolean macType = id.dataType().equals("mac") || id.dataType().equals("device_id")
                || id.dataType().equals("bssid");
        return macType ? MacAddress.parse(id.value()) : Optional.empty();
    }

    private static Set<String> caseVariants(String v) {
        Set<String> out = new LinkedHashSet<>();
        out.add(v);
        out.add(v.toLowerCase(Locale.ROOT));
        return out;
    }

    private static Set<String> hashInputs(Identifier id) {
        String v = id.value().strip();
        Set<String> out = new LinkedHashSet<>();
        switch (id.dataType()) {
            case "email" -> {
                out.add(v.toLowerCase(Locale.ROOT));
                out.add(v);
                out.add(v.toUpperCase(Locale.ROOT));
            }
            case "phone" -> {
                out.add(v);
                PhoneNumber.parse(v).ifPresent(p -> {
                    List<String> spellings = p.spellings();
                    out.add(spellings.get(0));
                    if (spellings.size() > 1) {
                        out.add(spellings.get(1));
                    }
                    if (spellings.size() > 2) {
                        out.add(spellings.get(2));
                    }
                });
            }
            default -> {
                Optional<MacAddress> mac = macLike(id);
                if (mac.isPresent()) {
                    for (String s : List.of(mac.get().colonSpelling(), mac.get().hex())) {
                        out.add(s);
                        out.add(s.toUpperCase(Locale.ROOT));
                    }
                }
                out.add(v);
                out.add(v.toLowerCase(Locale.ROOT));
                out.add(v.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The parts of the value's base64 that do not depend on the bytes around it, for each of the three ways the
     * value can line up with base64's 3-byte groups; standard and URL-safe alphabets, lower case.
     */
    static List<String> base64Fragments(byte[] value) {
        List<String> out = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + value.length];
            System.arraycopy(value, 0, padded, shift, value.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int first = (8 * shift + 5) / 6;               // first character made of value bits only
            int end = 8 * (shift + value.length) / 6;       // characters wholly inside the value's bits
            if (end - first >= MIN_BASE64_FRAGMENT) {
                String fragment = encoded.substring(first, end);
                out.add(lower(fragment));
                String urlSafe = fragment.replace('+', '-').replace('/', '_');
                if (!urlSafe.equals(fragment)) {
                    out.add(lower(urlSafe));
                }
            }
        }
        return out;
    }

    static String hex(String digest, String input) {
        String algorithm = switch (digest) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            default -> "SHA-256";
        };
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    /** Lower case char by char, so lengths and offsets stay as they were. */
    static String lower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toLowerCase(c[i]);
        }
        return new String(c);
    }

    private static List<Spelling> dedupe(List<Spelling> spellings) {
        List<Spelling> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Spelling s : spellings) {
            if (!s.text().isEmpty() && seen.add(s.text() + "\u0000" + s.anywhere())) {
                out.add(s);
            }
        }
        return out;
    }
}
