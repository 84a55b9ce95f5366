package dev.trygr.analyzer.pii;

import dev.trygr.capture.secrets.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capture's redaction markers ({@code REDACTED:<kind>:<12 hex>}): a secret already hidden, never personal data
 * and never to be looked behind. Nothing found overlapping one counts.
 */
final class Markers {
    static final String PREFIX = Redactor.MARKER_PREFIX;
    private static final Pattern MARKER = Redactor.MARKER;

    private Markers() {
    }

    /** The {@code [start, end)} of every marker in the text; empty (and cheap) when there is none. */
    static List<int[]> spans(String text) {
        if (text.indexOf(PREFIX) < 0) {
            return List.of();
        }
        List<int[]> out = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    static boolean overlap(List<int[]> spans, int start, int end) {
        for (int[] span : spans) {
            if (start < span[1] && span[0] < end) {
                return true;
            }
        }
        return false;
    }
}
