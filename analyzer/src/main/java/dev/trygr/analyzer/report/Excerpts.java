package dev.trygr.analyzer.report;

import java.util.regex.Pattern;

/**
 * Short quotes of what was sent, safe to print: the input is already redacted (markers instead of secrets);
 * path segments that look opaque are replaced as in {@link PathTemplate}, and quotes are cut to a readable length.
 */
final class Excerpts {
    static final int MAX = 160;
    private static final Pattern BREAKS = Pattern.compile("[\\r\\n\\t]+");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private Excerpts() {
    }

    /** A request target ({@code /path?query}) with opaque path segments replaced; the query is kept (redacted). */
    static String target(String method, String target) {
        if (target == null) {
            return method;
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q);
        String shown = PathTemplate.of(path) + query;
        return cut((method == null ? "" : method + " ") + shown);
    }

    /** {@code name: value}, cut. */
    static String header(String name, String value) {
        return cut(name + ": " + value);
    }

    /** A recorder's finding sentence (fingerprint prefixes only, no secret): kept whole up to 500 characters. */
    static String sentence(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }

    static String cut(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = oneLine(s);
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "…";
    }

    /** {@code s} with line breaks and tabs as spaces (no copy when there are none). */
    static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) {
            return s;
        }
        return BREAKS.matcher(s).replaceAll(" ");
    }

    /** {@code $.a[3].b} → {@code $.a[].b}: array indices as {@code []}. */
    static String generalPath(String path) {
        return path == null || path.indexOf('[') < 0 ? path : INDEX.matcher(path).replaceAll("[]");
    }

    /** The part of {@code text} around {@code index}, cut to a readable length, with ellipses. */
    static String around(String text, int index, int length) {
        int from = Math.max(0, index - 40);
        int to = Math.min(text.length(), index + length + 40);
        return (from > 0 ? "…" : "") + cut(text.substring(from, to)) + (to < text.length() ? "…" : "");
    }
}
