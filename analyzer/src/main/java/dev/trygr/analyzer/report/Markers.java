package dev.trygr.analyzer.report;

import dev.trygr.capture.secrets.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the capture's redaction markers ({@code REDACTED:<kind>:<12 hex>}) in text: every secret the recorder
 * removed left one, so markers tell which credential went where without the credential itself.
 */
final class Markers {
    private static final Pattern MARKER = Redactor.MARKER;
    private static final String PREFIX = Redactor.MARKER_PREFIX;

    /** One marker: the secret's kind and the 12-hex prefix of its fingerprint. */
    record Marker(String kind, String prefix) {
        String text() {
            return PREFIX + kind + ":" + prefix;
        }
    }

    private Markers() {
    }

    static boolean any(String text) {
        return text != null && text.contains(PREFIX);
    }

    /** The markers in {@code text}, in order; empty when there are none (cheap when there are none). */
    static List<Marker> in(String text) {
        if (!any(text)) {
            return List.of();
        }
        List<Marker> out = new ArrayList<>(2);
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            out.add(new Marker(m.group(1), m.group(2)));
        }
        return out;
    }

    /** The first 12 hex digits of a stored fingerprint (the prefix markers carry), or null. */
    static String prefix(String fingerprint) {
        return fingerprint == null || fingerprint.length() < 12 ? null : fingerprint.substring(0, 12);
    }
}
