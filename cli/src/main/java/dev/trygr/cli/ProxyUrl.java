package dev.trygr.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where trygr's regular-mode listener is, as {@code trygr run --proxy} takes it: {@code http://HOST:PORT}
 * ({@code HOST:PORT} alone is read as http; an IPv6 host goes in brackets).
 *
 * @param host a name or an address, without brackets
 * @param port 1 to 65535
 */
record ProxyUrl(String host, int port) {

    static final String DEFAULT = "http://127.0.0.1:8080";

    ProxyUrl {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a proxy URL needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
    }

    /** Reads {@code text}; the message of the exception says what is wrong with it. */
    static ProxyUrl parse(String text) {
        String candidate = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--proxy takes a URL like " + DEFAULT + ", not '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("--proxy takes the http:// URL of trygr's regular-mode listener, not '"
                    + text + "'");
        }
        String host = uri.getHost();
        if (host == null || uri.getUserInfo() != null || (uri.getPath() != null && !uri.getPath().isEmpty()
                && !uri.getPath().equals("/")) || uri.getQuery() != null) {
            throw new IllegalArgumentException("--proxy takes a URL like " + DEFAULT + " (scheme, host and port only), not '"
                    + text + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxyUrl(host, uri.getPort() == -1 ? 80 : uri.getPort());
    }

    /** {@code http://host:port}, as the preload reads it from {@code TRYGR_PROXY}. */
    String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return url();
    }
}
