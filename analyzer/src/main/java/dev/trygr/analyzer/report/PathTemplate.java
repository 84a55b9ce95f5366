package dev.trygr.analyzer.report;

/**
 * Turns a request path into an endpoint template, so {@code /clients_api/doorbots/684213579/health} and
 * {@code /clients_api/doorbots/684213580/health} are one endpoint: numbers become {@code {id}}, UUIDs
 * {@code {uuid}}, hex strings of 8+ digits {@code {hex}}, long opaque strings (tokens, base64) {@code {token}},
 * e-mail addresses {@code {email}}, redaction markers {@code {secret}}. Templates never carry an opaque value, so
 * they are safe to print.
 */
final class PathTemplate {
    private static final int MAX_SEGMENTS = 12;
    private static final int MAX_LENGTH = 200;
    private static final int CACHE_SIZE = 20_000;
    /** Paths repeat: templates already made, up to {@link #CACHE_SIZE} (then new paths are templated each time). */
    private static final java.util.Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private PathTemplate() {
    }

    /** The template of {@code path} (a path without query); {@code /} for an empty or missing path. */
    static String of(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String cached = CACHE.get(path);
        if (cached != null) {
            return cached;
        }
        String t = compute(path);
        if (CACHE.size() < CACHE_SIZE) {
            CACHE.put(path, t);
        }
        return t;
    }

    private static String compute(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.startsWith("http://") || p.startsWith("https://")) {   // absolute form: keep the path only
            int slash = p.indexOf('/', p.indexOf("//") + 2);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        StringBuilder out = new StringBuilder(p.length());
        String[] segments = p.split("/", -1);
        int shown = 0;
        for (int i = 0; i < segments.length; i++) {
            if (i == 0 && segments[i].isEmpty()) {
                continue;
            }
            if (shown == MAX_SEGMENTS) {
                out.append("/…");
                break;
            }
            out.append('/').append(segment(segments[i]));
            shown++;
        }
        String t = out.length() == 0 ? "/" : out.toString();
        return t.length() > MAX_LENGTH ? t.substring(0, MAX_LENGTH) + "…" : t;
    }

    /** One segment's template: a placeholder for values, the segment itself for words. One pass, no regex. */
    static String segment(String s) {
        int n = s.length();
        if (n == 0) {
            return s;
        }
        if (s.contains("REDACTED:")) {
            return "{secret}";
        }
        boolean digits = true;
        boolean hex = true;
        boolean opaque = true;
        boolean anyDigit = false;
        boolean anyLetter = false;
        int dots = 0;
        int at = -1;
        int dashes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            anyDigit |= digit;
            anyLetter |= letter;
            if (!digit && !(c == '-' && i == 0) && !(c == '.' && dots++ == 0 && i > 0 && i < n - 1)) {
                digits = false;
            }
            if (!digit && !(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') && !(i == 1 && c == 'x' && s.charAt(0) == '0')) {
                hex = false;
            }
            if (c == '-') {
                dashes++;
            }
            if (c == '@' && at < 0) {
                at = i;
            }
            if (!digit && !letter && "_-+=.~%:".indexOf(c) < 0) {
                opaque = false;
            }
        }
        if (digits && anyDigit) {
            return "{id}";
        }
        if (n == 36 && dashes == 4 && isUuid(s)) {
            return "{uuid}";
        }
        if (at > 0 && s.indexOf('.', at) > at + 1) {
            return "{email}";
        }
        if (hex && n >= 8 && anyDigit) {
            return "{hex}";
        }
        if (opaque && (n >= 40 || n >= 16 && anyDigit && anyLetter)) {
            return "{token}";
        }
        return s;
    }

    private static boolean isUuid(String s) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
