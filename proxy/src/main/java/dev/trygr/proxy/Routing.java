package dev.trygr.proxy;

import java.util.List;

/**
 * Where a connection on a transparent or reverse listener goes, decided from its first bytes. Pure, no Netty.
 *
 * <ul>
 *   <li>transparent: TLS goes to its SNI at the listener's own port (DNS redirection keeps ports); plain HTTP is
 *       routed request by request by its Host header; anything else, or TLS without SNI, is refused.</li>
 *   <li>reverse tls/https: TLS terminated with a leaf for the SNI (or the upstream's name when the client sent
 *       none, as push-receiver does) and re-originated to the upstream, named in SNI.</li>
 *   <li>reverse tcp: HTTP is proxied as HTTP, anything else relayed and recorded as a byte stream.</li>
 *   <li>reverse http: HTTP only.</li>
 * </ul>
 */
public final class Routing {

    /** The decision. */
    public sealed interface Route {
        /** Not enough bytes yet. */
        record NeedMore() implements Route {}

        /** Intercept (or pass through) TLS: dial {@code target}, name the leaf and the upstream SNI. */
        record Tls(HostPort target, String leafName, String upstreamName, String sni, List<String> alpn)
                implements Route {}

        /** Plain HTTP whose requests name their host. */
        record HttpByHost() implements Route {}

        /** Plain HTTP to one upstream. */
        record HttpTo(HostPort target) implements Route {}

        /** A byte stream to one upstream. */
        record RawTo(HostPort target) implements Route {}

        /** Closed unanswered; {@code reason} is recorded. */
        record Refuse(String reason) implements Route {}
    }

    private static final Route NEED_MORE = new Route.NeedMore();

    private Routing() {
    }

    /**
     * @param mode       a transparent or reverse mode
     * @param listenPort the port the listener is bound to
     * @param data       the first bytes the client sent, {@code data[0..length)}
     */
    public static Route decide(ModeSpec mode, int listenPort, byte[] data, int length) {
        if (length == 0) {
            return NEED_MORE;
        }
        if (mode.kind().equals(ModeSpec.TRANSPARENT)) {
            return transparent(listenPort, data, length);
        }
        ModeSpec.ReverseTarget reverse = mode.reverse();
        if (reverse == null) {
            throw new IllegalArgumentException("not a transparent or reverse mode: " + mode);
        }
        HostPort upstream = reverse.upstream();
        if (reverse.tls()) {
            ClientHello.Peek peek = ClientHello.peek(data, length);
            if (peek instanceof ClientHello.Peek.Parsed parsed) {
                ClientHello hello = parsed.hello();
                String leaf = hello.sni() != null ? hello.sni() : upstream.host();
                return new Route.Tls(upstream, leaf, upstream.host(), hello.sni(), hello.alpn());
            }
            return peek instanceof ClientHello.Peek.NotTls notTls
                    ? new Route.Refuse("expected TLS on a reverse:" + reverse.scheme() + " listener, got "
                            + notTls.reason())
                    : NEED_MORE;
        }
        StreamSniff.Verdict verdict = StreamSniff.classify(data, length);
        if (verdict == StreamSniff.Verdict.NEED_MORE) {
            return NEED_MORE;
        }
        if (verdict == StreamSniff.Verdict.HTTP1) {
            return new Route.HttpTo(upstream);
        }
        return reverse.scheme().equals("tcp") ? new Route.RawTo(upstream)
                : new Route.Refuse("expected HTTP on a reverse:http listener");
    }

    private static Route transparent(int listenPort, byte[] data, int length) {
        ClientHello.Peek peek = ClientHello.peek(data, length);
        if (peek instanceof ClientHello.Peek.Parsed parsed) {
            ClientHello hello = parsed.hello();
            if (hello.sni() == null) {
                return new Route.Refuse("TLS without SNI: a transparent listener cannot tell where it was going "
                        + "(use a reverse:tls mode for such clients)");
            }
            return new Route.Tls(new HostPort(hello.sni(), listenPort), hello.sni(), hello.sni(), hello.sni(),
                    hello.alpn());
        }
        if (peek instanceof ClientHello.Peek.NeedMore) {
            return NEED_MORE;
        }
        StreamSniff.Verdict verdict = StreamSniff.classify(data, length);
        return switch (verdict) {
            case NEED_MORE -> NEED_MORE;
            case HTTP1 -> new Route.HttpByHost();
            case OTHER -> new Route.Refuse("neither TLS nor HTTP: a transparent listener cannot tell where it "
                    + "was going");
        };
    }
}
