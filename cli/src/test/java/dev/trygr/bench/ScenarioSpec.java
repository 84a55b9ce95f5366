package dev.trygr.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario of {@code --scenarios}: {@code [transparent/]WHAT:C}, where WHAT is {@code small} (the ~100-byte
 * JSON), a body size ({@code 20k}, {@code 5m}, {@code 4096}: k = KiB, m = MiB) or {@code new} (the small JSON
 * on a fresh TLS connection per request, across {@code --hosts} host names), and C the concurrency. With
 * {@code transparent/} the client connects straight to a transparent trygr listener (TLS routed by SNI) instead
 * of sending CONNECT to a regular one.
 */
record ScenarioSpec(int bodyBytes, boolean newConnections, boolean transparent, int concurrency) {
    static final String DEFAULT = "small:1,small:32,20k:8,5m:4,new:4,transparent/small:1,transparent/small:32";

    static List<ScenarioSpec> parseList(String text) {
        List<ScenarioSpec> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--scenarios names no scenario");
        }
        return out;
    }

    static ScenarioSpec parse(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        boolean transparent = s.startsWith("transparent/");
        if (transparent) {
            s = s.substring("transparent/".length());
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("scenario '" + spec + "': expected [transparent/]WHAT:C, e.g. small:32");
        }
        String what = s.substring(0, colon);
        int c;
        try {
            c = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scenario '" + spec + "': the concurrency must be a number");
        }
        if (c < 1 || c > 4096) {
            throw new IllegalArgumentException("scenario '" + spec + "': concurrency out of range");
        }
        return switch (what) {
            case "small" -> new ScenarioSpec(0, false, transparent, c);
            case "new" -> new ScenarioSpec(0, true, transparent, c);
            default -> new ScenarioSpec(size(what, spec), false, transparent, c);
        };
    }

    private static int size(String what, String spec) {
        long factor = 1;
        String digits = what;
        if (what.endsWith("k")) {
            factor = 1024;
            digits = what.substring(0, what.length() - 1);
        } else if (what.endsWith("m")) {
            factor = 1024 * 1024;
            digits = what.substring(0, what.length() - 1);
        }
        try {
            long bytes = Long.parseLong(digits) * factor;
            if (bytes < 16 || bytes > 1L << 30) {
                throw new IllegalArgumentException("scenario '" + spec + "': a body is 16 bytes to 1 GiB");
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scenario '" + spec + "': '" + what
                    + "' is not small, new or a size such as 20k");
        }
    }

    /** The bytes of each response body. */
    int responseBytes() {
        return bodyBytes > 0 ? bodyBytes : Origin.SMALL_JSON.length();
    }

    /** "small JSON C=32", "5 MiB C=4", "new conn C=4", each with " transparent" when it is. */
    String label() {
        String what = newConnections ? "new conn" : bodyBytes == 0 ? "small JSON" : sizeText(bodyBytes);
        return what + " C=" + concurrency + (transparent ? " transparent" : "");
    }

    /** A file-name-safe form, for the run's folder. */
    String slug() {
        return (transparent ? "t-" : "") + (newConnections ? "new" : bodyBytes == 0 ? "small" : bodyBytes + "b")
                + "-c" + concurrency;
    }

    static String sizeText(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }
}
