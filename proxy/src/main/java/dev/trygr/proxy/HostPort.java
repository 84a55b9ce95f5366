package dev.trygr.proxy;

import java.util.Locale;
import java.util.Objects;

/**
 * A host and a port, as written in a CONNECT authority, a Host header or a listen spec. IPv6 literals are kept
 * without brackets in {@link #host()} and bracketed again by {@link #authority()}.
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, or (with a default port) {@code host} / {@code [v6]}.
     *
     * @param defaultPort the port when none is written, or -1 to require one
     * @throws IllegalArgumentException with a message fit for a user when the text is not an authority
     */
    public static HostPort parse(String text, int defaultPort) {
        return parse(text, defaultPort, 1);
    }

    /** {@link #parse(String, int)} for listen addresses, where port 0 means "any free port". */
    static HostPort parseListen(String text, int defaultPort) {
        return parse(text, defaultPort, 0);
    }

    private static HostPort parse(String text, int defaultPort, int minPort) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in " + quoted(text));
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after ']' in " + quoted(text));
                }
                portText = rest.substring(1);
            }
            if (!host.contains(":")) {
                throw new IllegalArgumentException("not an IPv6 literal: " + quoted(text));
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 addresses need brackets: " + quoted(text));
            }
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in " + quoted(text));
        }
        if (!isPlausibleHost(host)) {
            throw new IllegalArgumentException("invalid host " + quoted(host));
        }
        int port;
        if (portText == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("missing port in " + quoted(text));
            }
            port = defaultPort;
        } else {
            port = parsePort(portText, text, minPort);
        }
        return new HostPort(host, port);
    }

    static int parsePort(String portText, String context) {
        return parsePort(portText, context, 1);
    }

    static int parsePort(String portText, String context, int minPort) {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port in " + quoted(context));
        }
        int port = Integer.parseInt(portText);
        if (port < minPort || port > 65535) {
            throw new IllegalArgumentException("port out of range in " + quoted(context));
        }
        return port;
    }

    /** Letters, digits, '-', '_', '.', and ':' / '%' for IPv6 literals; no spaces, slashes or control bytes. */
    static boolean isPlausibleHost(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == ':' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True for IPv4 and IPv6 literals. */
    public boolean isIpLiteral() {
        return isIpLiteral(host);
    }

    public static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** The host lower-cased, for matching and cache keys. */
    public String normalizedHost() {
        return host.toLowerCase(Locale.ROOT);
    }

    /** {@code host:port}, bracketing IPv6 literals. */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }
}
