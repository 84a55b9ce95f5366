package dev.trygr.proxy;

import java.util.Locale;
import java.util.Set;

/**
 * A listener in mitmproxy's mode grammar: {@code KIND[:DATA][@[HOST:]PORT]}. The kinds:
 * <ul>
 *   <li>{@code regular}: an explicit HTTP proxy (absolute-form requests and CONNECT); default port 8080.</li>
 *   <li>{@code transparent}: connections that DNS (or iptables) sent to trygr instead of their server; TLS is
 *       routed by SNI and plain HTTP by Host, both to the listener's own port (DNS redirection keeps ports);
 *       default port 443.</li>
 *   <li>{@code reverse:SCHEME://HOST:PORT}: everything arriving goes to that one upstream; schemes {@code tls},
 *       {@code https}, {@code tcp}, {@code http}; default listen port: the upstream's.</li>
 *   <li>{@code dns}: a DNS responder (UDP and TCP); default port 53.</li>
 * </ul>
 * The listen address defaults to loopback.
 */
public record ModeSpec(String kind, String data, HostPort listen, String text) {

    public static final String REGULAR = "regular";
    public static final String TRANSPARENT = "transparent";
    public static final String REVERSE = "reverse";
    public static final String DNS = "dns";
    /** The kinds this build can run. */
    public static final Set<String> SUPPORTED = Set.of(REGULAR, TRANSPARENT, REVERSE, DNS);
    public static final ModeSpec DEFAULT = parse("regular@127.0.0.1:8080");

    /** Where a reverse listener sends everything, and how. */
    public record ReverseTarget(String scheme, HostPort upstream) {
        /** True when the client speaks TLS to trygr (and trygr speaks TLS upstream). */
        public boolean tls() {
            return scheme.equals("tls") || scheme.equals("https");
        }
    }

    public static ModeSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty --mode");
        }
        String head = text;
        String listenText = null;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            head = text.substring(0, at);
            listenText = text.substring(at + 1);
        }
        String kind = head;
        String data = "";
        int colon = head.indexOf(':');
        if (colon >= 0) {
            kind = head.substring(0, colon);
            data = head.substring(colon + 1);
        }
        kind = kind.toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(kind)) {
            throw new IllegalArgumentException("unsupported --mode '" + text + "': the kinds are regular, "
                    + "transparent, reverse:SCHEME://HOST:PORT and dns (e.g. regular@127.0.0.1:8080)");
        }
        int defaultPort;
        if (kind.equals(REVERSE)) {
            defaultPort = reverseTarget(data, text).upstream().port();
        } else {
            if (!data.isEmpty()) {
                throw new IllegalArgumentException("mode '" + kind + "' takes no ':' argument: '" + text + "'");
            }
            defaultPort = switch (kind) {
                case TRANSPARENT -> 443;
                case DNS -> 53;
                default -> 8080;
            };
        }
        HostPort listen = parseListen(listenText, defaultPort, text);
        return new ModeSpec(kind, data, listen, text);
    }

    /** The upstream of a {@code reverse:} mode; null for other kinds. */
    public ReverseTarget reverse() {
        return kind.equals(REVERSE) ? reverseTarget(data, text) : null;
    }

    private static ReverseTarget reverseTarget(String data, String spec) {
        int sep = data.indexOf("://");
        if (data.isEmpty() || sep <= 0) {
            throw new IllegalArgumentException("mode 'reverse' needs an upstream, e.g. "
                    + "reverse:tls://mtalk.google.com:5228@5228, in '" + spec + "'");
        }
        String scheme = data.substring(0, sep).toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "https", "tls" -> 443;
            case "http" -> 80;
            case "tcp" -> -1;
            default -> throw new IllegalArgumentException("reverse mode scheme must be tls, https, tcp or http, not '"
                    + scheme + "' in '" + spec + "'");
        };
        String authority = data.substring(sep + 3);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.isEmpty() || authority.contains("/")) {
            throw new IllegalArgumentException("reverse mode upstream must be SCHEME://HOST:PORT, in '" + spec + "'");
        }
        HostPort upstream = HostPort.parse(authority, defaultPort);
        return new ReverseTarget(scheme, upstream);
    }

    private static HostPort parseListen(String listenText, int defaultPort, String spec) {
        if (listenText == null) {
            return new HostPort("127.0.0.1", defaultPort);
        }
        if (listenText.isEmpty()) {
            throw new IllegalArgumentException("empty listen address after '@' in --mode '" + spec + "'");
        }
        if (listenText.chars().allMatch(Character::isDigit)) {
            return new HostPort("127.0.0.1", HostPort.parsePort(listenText, spec, 0));
        }
        HostPort hp = HostPort.parseListen(listenText, defaultPort);
        if (!hp.isIpLiteral() && !hp.host().equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("listen address must be an IP address or localhost in --mode '"
                    + spec + "'");
        }
        return hp;
    }

    /** The canonical form, e.g. {@code regular@127.0.0.1:8080}. */
    public String canonical() {
        return kind + (data.isEmpty() ? "" : ":" + data) + "@" + listen.authority();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
