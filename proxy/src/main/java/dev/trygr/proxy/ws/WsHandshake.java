package dev.trygr.proxy.ws;

import dev.trygr.capture.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an accepted WebSocket upgrade negotiated, as far as reading its frames goes: whether messages may be
 * compressed with permessage-deflate (RFC 7692), and whether each side resets its compression context after every
 * message. Window-bits parameters do not matter for inflating (a 32 KiB window reads any smaller one) and are
 * ignored.
 *
 * @param deflate                  permessage-deflate was accepted by the server: RSV1 marks a compressed message
 * @param serverNoContextTakeover  the server compresses each message on its own ({@code server_no_context_takeover})
 * @param clientNoContextTakeover  the client compresses each message on its own ({@code client_no_context_takeover})
 */
public record WsHandshake(boolean deflate, boolean serverNoContextTakeover, boolean clientNoContextTakeover) {

    /** No extension: RSV1 is a protocol violation. */
    public static final WsHandshake PLAIN = new WsHandshake(false, false, false);

    /**
     * The handshake of an upgrade, or null when it is not an accepted WebSocket upgrade: the request must ask for
     * {@code Upgrade: websocket} and the response must be {@code 101}. The extensions are the ones the server's
     * {@code Sec-WebSocket-Extensions} response headers accepted.
     */
    public static WsHandshake accepted(List<Header> request, int status, List<Header> response) {
        if (status != 101 || !requestsWebSocket(request)) {
            return null;
        }
        List<String> extensions = new ArrayList<>();
        for (Header h : response) {
            if (h.name().equalsIgnoreCase("Sec-WebSocket-Extensions")) {
                extensions.add(h.value());
            }
        }
        return fromExtensions(extensions);
    }

    /**
     * Reads the server's {@code Sec-WebSocket-Extensions} values: the first {@code permessage-deflate} offer
     * accepted decides. Parameter values may be quoted; unknown extensions and parameters are ignored.
     */
    public static WsHandshake fromExtensions(List<String> headerValues) {
        for (String value : headerValues) {
            for (String extension : split(value, ',')) {
                List<String> parts = split(extension, ';');
                if (parts.isEmpty() || !parts.get(0).equalsIgnoreCase("permessage-deflate")) {
                    continue;
                }
                boolean serverNoContext = false;
                boolean clientNoContext = false;
                for (String param : parts.subList(1, parts.size())) {
                    int eq = param.indexOf('=');
                    String name = (eq < 0 ? param : param.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                    serverNoContext |= name.equals("server_no_context_takeover");
                    clientNoContext |= name.equals("client_no_context_takeover");
                }
                return new WsHandshake(true, serverNoContext, clientNoContext);
            }
        }
        return PLAIN;
    }

    /** True when the messages one side sends are each compressed from a fresh context. */
    public boolean resetsContext(boolean fromClient) {
        return fromClient ? clientNoContextTakeover : serverNoContextTakeover;
    }

    private static boolean requestsWebSocket(List<Header> request) {
        for (Header h : request) {
            if (h.name().equalsIgnoreCase("Upgrade")) {
                for (String token : split(h.value(), ',')) {
                    if (token.equalsIgnoreCase("websocket")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Splits on {@code separator} outside double quotes; trims parts and drops empty ones. */
    private static List<String> split(String s, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : separator;
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && (!quoted || i == s.length())) {
                String part = s.substring(start, i).strip();
                if (!part.isEmpty()) {
                    out.add(part);
                }
                start = i + 1;
            }
        }
        return out;
    }
}
