package dev.trygr.proxy;

import java.util.Locale;
import java.util.Set;

/**
 * A listener in mitmproxy's mode grammar: {@code KIND[:DATA][@[HOST:]PORT]}, e.g. {@code regular},
 * {@code regular@8081}, {@code regular@0.0.0.0:8080}, {@code regular@[::1]:8080}. The default listen address
 * is loopback; the default port depends on the kind.
 */
public record ModeSpec(String kind, String data, HostPort listen, String text) {

    public static final String REGULAR = "regular";
    /** The kinds this build can run. */
    public static final Set<String> SUPPORTED = Set.of(REGULAR);
    public static final ModeSpec DEFAULT = parse("regular@127.0.0.1:8080");

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
            throw new IllegalArgumentException("unsupported --mode '" + text + "': this build runs "
                    + String.join(", ", SUPPORTED) + " (e.g. regular@127.0.0.1:8080)");
        }
        if (kind.equals(REGULAR) && !data.isEmpty()) {
            throw new IllegalArgumentException("mode 'regular' takes no ':' argument: '" + text + "'");
        }
        HostPort listen = parseListen(listenText, defaultPort(kind), text);
        return new ModeSpec(kind, data, listen, text);
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

    private static int defaultPort(String kind) {
        return 8080;
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
