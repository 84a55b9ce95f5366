package dev.trygr.capture.har;

import dev.trygr.capture.Header;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request URL split the way a flow stores it. Parsed by hand: real URLs carry characters ({@code |}, spaces,
 * raw UTF-8) that {@link java.net.URI} refuses, and a recording must keep them as they were.
 *
 * @param scheme {@code http} or {@code https} ({@code ws} and {@code wss}, as browsers write WebSocket entries, map to
 *               these)
 * @param port   the port, the scheme's default when the URL has none
 * @param target the origin-form request target, {@code /path?query}, fragment dropped
 * @param query  the part after {@code ?}, or null
 */
record HarUrl(String scheme, String host, int port, String target, String path, String query) {

    /** The URL, or null when it is not an absolute http(s)/ws(s) URL with a host and a valid port. */
    static HarUrl parse(String url) {
        if (url == null) {
            return null;
        }
        int colon = url.indexOf("://");
        if (colon <= 0) {
            return null;
        }
        String scheme = switch (url.substring(0, colon).toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "https";
            case "http", "ws" -> "http";
            default -> null;
        };
        if (scheme == null) {
            return null;
        }
        int start = colon + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1); // user info is not part of the host
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(1, close);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    return null;
                }
                portText = authority.substring(close + 2);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            portText = portColon < 0 ? null : authority.substring(portColon + 1);
        }
        int port = "https".equals(scheme) ? 443 : 80;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                return null;
            }
            if (port < 1 || port > 65_535) {
                return null;
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        String rest = url.substring(end);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String target = rest.startsWith("/") ? rest : "/" + rest;
        int q = target.indexOf('?');
        return new HarUrl(scheme, host, port, target, q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1));
    }

    /**
     * The URL of a recorded flow: {@code scheme://host[:port]} and the target as sent when it is in origin form
     * ({@code /…}); an absolute-form target is the URL itself; anything else ({@code *}, an authority) gets
     * {@code /}.
     */
    static String of(String scheme, String host, int port, String target) {
        if (target != null && (target.startsWith("http://") || target.startsWith("https://"))) {
            return target;
        }
        String s = scheme == null ? "https" : scheme;
        boolean standard = port <= 0 || ("https".equals(s) && port == 443) || ("http".equals(s) && port == 80);
        String h = host == null ? "unknown" : host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        String t = target != null && target.startsWith("/") ? target : "/";
        return s + "://" + h + (standard ? "" : ":" + port) + t;
    }

    /** The query's name/value pairs in order, percent- and plus-decoded where they decode (as browsers list them). */
    static List<Header> queryParameters(String query) {
        List<Header> out = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.add(new Header(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
