package dev.trygr.analyzer.pii;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** How a body is read: field by field (JSON, form), whole (other text) or not at all (binary). */
enum BodyKind {
    JSON, FORM, TEXT, BINARY;

    private static final int SNIFF = 1024;

    static BodyKind of(String contentType, byte[] bytes) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        type = (semi < 0 ? type : type.substring(0, semi)).strip();
        if (type.endsWith("json") || type.contains("+json") || type.endsWith("/x-ndjson")) {
            return startsLikeJson(bytes) ? JSON : TEXT;
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return FORM;
        }
        if (type.startsWith("image/") || type.startsWith("video/") || type.startsWith("audio/")
                || type.startsWith("font/") || type.contains("protobuf") || type.equals("application/zip")
                || type.equals("application/gzip") || type.equals("application/grpc")) {
            return BINARY;
        }
        if (startsLikeJson(bytes)) {
            return JSON;
        }
        if (!printable(bytes)) {
            return BINARY;
        }
        String head = new String(bytes, 0, Math.min(bytes.length, SNIFF), StandardCharsets.UTF_8);
        return looksLikeForm(head) ? FORM : TEXT;
    }

    private static boolean startsLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /** Mostly text: at least 90% of the first kilobyte is printable or UTF-8. */
    static boolean printable(byte[] bytes) {
        int n = Math.min(bytes.length, SNIFF);
        if (n == 0) {
            return false;
        }
        int good = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b != 0x7f || b == '\t' || b == '\r' || b == '\n') {
                good++;
            }
        }
        return good * 10 >= n * 9;
    }

    /** {@code a=b&c=d}: no spaces or controls, a name, an equals sign. */
    static boolean looksLikeForm(String s) {
        if (s.isEmpty() || s.indexOf('=') <= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '{' || c == '<' || c == '"') {
                return false;
            }
        }
        return true;
    }
}
