package dev.trygr.capture.secrets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Replaces secret values in {@code application/x-www-form-urlencoded} text (a form body or a URL query).
 * Pairs are split on {@code &} and {@code =}; everything but a replaced value is kept byte for byte, so a body
 * cut short is handled too.
 */
final class FormSecretScanner {
    private FormSecretScanner() {
    }

    static Redacted<String> redact(String form, FieldMarker marker) {
        StringBuilder out = new StringBuilder(form.length() + 32);
        int count = 0;
        int start = 0;
        while (true) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? form.length() : amp;
            int eq = form.indexOf('=', start);
            String replacement = null;
            if (eq >= 0 && eq < end) {
                replacement = marker.markerFor(decode(form.substring(start, eq)), decode(form.substring(eq + 1, end)));
            }
            if (replacement != null) {
                out.append(form, start, eq + 1).append(replacement);
                count++;
            } else {
                out.append(form, start, end);
            }
            if (amp < 0) {
                break;
            }
            out.append('&');
            start = amp + 1;
        }
        return count == 0 ? new Redacted<>(form, 0) : new Redacted<>(out.toString(), count);
    }

    /** Byte-preserving variant for bodies: the bytes are viewed as ISO-8859-1 so none is altered. */
    static Redacted<byte[]> redact(byte[] form, FieldMarker marker) {
        Redacted<String> r = redact(new String(form, StandardCharsets.ISO_8859_1), marker);
        return r.redactions() == 0 ? new Redacted<>(form, 0)
                : new Redacted<>(r.value().getBytes(StandardCharsets.ISO_8859_1), r.redactions());
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // a stray '%' (or a value cut short): the raw text is what we fingerprint
        }
    }
}
