package dev.trygr.capture.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tolerant, byte-level JSON scan that replaces the values of secret fields with markers. It needs no valid
 * document: it only tracks string tokens, so a body cut short by the recorder's limit is handled too, and every
 * byte outside a replaced value is copied unchanged. A value is replaced when it follows {@code "name" :} and
 * is a string or a number; a number becomes a string marker, so the document stays valid JSON.
 */
final class JsonSecretScanner {
    private JsonSecretScanner() {
    }

    /** The redacted bytes and the number of replacements; the input array itself when there were none. */
    static Redacted<byte[]> redact(byte[] in, FieldMarker marker) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int count = 0;
        int n = in.length;
        int i = 0;
        while (i < n) {
            if (in[i] != '"') {
                i++;
                continue;
            }
            int keyEnd = endOfString(in, i);
            if (keyEnd < 0) {
                break; // unterminated string at the end: nothing after it can be a field value
            }
            int colon = skipWhitespace(in, keyEnd);
            if (colon >= n || in[colon] != ':') {
                i = keyEnd;
                continue;
            }
            int valueStart = skipWhitespace(in, colon + 1);
            if (valueStart >= n) {
                break;
            }
            int valueEnd;
            boolean closed;
            boolean string = in[valueStart] == '"';
            if (string) {
                int end = endOfString(in, valueStart);
                closed = end >= 0;
                valueEnd = closed ? end : n;
            } else if (in[valueStart] == '-' || (in[valueStart] >= '0' && in[valueStart] <= '9')) {
                valueEnd = endOfNumber(in, valueStart);
                closed = true;
            } else {
                i = valueStart; // object, array, literal: keep scanning inside it
                continue;
            }
            String field = unescape(in, i + 1, keyEnd - 1);
            if (!marker.wants(field)) {
                i = valueEnd;   // the value is not decoded at all
                continue;
            }
            String value = string ? unescape(in, valueStart + 1, closed ? valueEnd - 1 : n)
                    : new String(in, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
            String replacement = marker.markerFor(field, value);
            if (replacement != null) {
                if (out == null) {
                    out = new ByteArrayOutputStream(n + 64);
                }
                out.write(in, copiedUpTo, valueStart - copiedUpTo);
                out.writeBytes(('"' + replacement + (closed ? "\"" : "")).getBytes(StandardCharsets.US_ASCII));
                copiedUpTo = valueEnd;
                count++;
            }
            i = valueEnd;
        }
        if (out == null) {
            return new Redacted<>(in, 0);
        }
        out.write(in, copiedUpTo, n - copiedUpTo);
        return new Redacted<>(out.toByteArray(), count);
    }

    /** Index just past the closing quote of the string opening at {@code open}, or -1 when it is unterminated. */
    private static int endOfString(byte[] in, int open) {
        for (int i = open + 1; i < in.length; i++) {
            if (in[i] == '\\') {
                i++;
            } else if (in[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int endOfNumber(byte[] in, int start) {
        int i = start;
        while (i < in.length && (Character.isDigit(in[i]) || in[i] == '-' || in[i] == '+' || in[i] == '.'
                || in[i] == 'e' || in[i] == 'E')) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(byte[] in, int i) {
        while (i < in.length && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' || in[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Decodes the UTF-8 string content in {@code [from, to)}, undoing JSON escapes; tolerates a cut at the end. */
    static String unescape(byte[] in, int from, int to) {
        int firstEscape = from;
        while (firstEscape < to && in[firstEscape] != '\\') {
            firstEscape++;
        }
        if (firstEscape == to) {
            return new String(in, from, to - from, StandardCharsets.UTF_8);   // the usual case: nothing to undo
        }
        StringBuilder sb = new StringBuilder(to - from);
        int runStart = from;
        int i = from;
        while (i < to) {
            if (in[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(in, runStart, i - runStart, StandardCharsets.UTF_8));
            if (i + 1 >= to) {
                return sb.toString();
            }
            byte e = in[i + 1];
            i += 2;
            switch (e) {
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (i + 4 > to) {
                        return sb.toString();
                    }
                    try {
                        sb.append((char) Integer.parseInt(new String(in, i, 4, StandardCharsets.US_ASCII), 16));
                    } catch (NumberFormatException bad) {
                        sb.append("\\u"); // not a valid escape: keep it literally, the text is still the secret
                        runStart = i;
                        continue;
                    }
                    i += 4;
                    break;
                default: sb.append((char) e); // \" \\ \/ and anything lenient
            }
            runStart = i;
        }
        sb.append(new String(in, runStart, to - runStart, StandardCharsets.UTF_8));
        return sb.toString();
    }
}
