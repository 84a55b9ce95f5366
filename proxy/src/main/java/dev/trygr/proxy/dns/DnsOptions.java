package dev.trygr.proxy.dns;

import dev.trygr.proxy.AccessPolicy;
import dev.trygr.proxy.HostPort;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the DNS responder ({@code --mode dns@HOST:PORT}) runs.
 *
 * @param listen          where to listen, UDP and TCP on the same port; port 0 picks a free one
 * @param interceptGlobs  names answered locally ({@code --dns-intercept}, {@link #DEFAULT_INTERCEPT} when none is
 *                        given); an empty list intercepts nothing and the responder only forwards
 * @param answer          the address of local answers ({@code --dns-answer}), or null for the address each query
 *                        arrived on (see {@link DnsPolicy#answerAddress})
 * @param upstreams       where everything else goes ({@code --dns-upstream}), tried in order; empty for the
 *                        system's resolvers
 * @param upstreamTimeout how long one upstream gets to answer before the next is tried
 * @param access          who may ask (the proxy's {@code --allow}); listening on a non-loopback address needs a range
 * @param maxInFlight     forwarded queries waiting for an upstream at once; beyond it queries are dropped
 * @param idleTimeout     a TCP client that sends nothing for this long (with nothing pending) is disconnected
 */
public record DnsOptions(HostPort listen, List<String> interceptGlobs, InetAddress answer,
                         List<InetSocketAddress> upstreams, Duration upstreamTimeout, AccessPolicy access,
                         int maxInFlight, Duration idleTimeout) {

    public static final List<String> DEFAULT_INTERCEPT = List.of("*.ring.com", "*.rings.solutions",
            "*.ring.devices.a2z.com", "android.clients.google.com", "firebaseinstallations.googleapis.com",
            "fcmregistrations.googleapis.com", "mtalk.google.com");
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_UPSTREAM_PORT = 53;

    public DnsOptions {
        Objects.requireNonNull(listen, "listen");
        interceptGlobs = List.copyOf(interceptGlobs);
        upstreams = List.copyOf(upstreams);
        for (InetSocketAddress upstream : upstreams) {
            if (upstream.isUnresolved()) {
                throw new IllegalArgumentException("DNS upstream must be an IP address: " + upstream);
            }
        }
        if (answer != null && (answer.isAnyLocalAddress() || answer.isMulticastAddress())) {
            throw new IllegalArgumentException("DNS answer must be a unicast address: " + answer.getHostAddress());
        }
        requirePositive(upstreamTimeout, "upstreamTimeout");
        Objects.requireNonNull(access, "access");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        requirePositive(idleTimeout, "idleTimeout");
    }

    /** Loopback clients only, and the default in-flight bound and idle timeout. */
    public DnsOptions(HostPort listen, List<String> interceptGlobs, InetAddress answer,
                      List<InetSocketAddress> upstreams, Duration upstreamTimeout) {
        this(listen, interceptGlobs, answer, upstreams, upstreamTimeout, new AccessPolicy(List.of()),
                DEFAULT_MAX_IN_FLIGHT, DEFAULT_IDLE_TIMEOUT);
    }

    public DnsOptions withAccess(AccessPolicy newAccess) {
        return new DnsOptions(listen, interceptGlobs, answer, upstreams, upstreamTimeout, newAccess, maxInFlight,
                idleTimeout);
    }

    public DnsOptions withLimits(int newMaxInFlight, Duration newIdleTimeout) {
        return new DnsOptions(listen, interceptGlobs, answer, upstreams, upstreamTimeout, access, newMaxInFlight,
                newIdleTimeout);
    }

    /**
     * Parses {@code --dns-upstream ADDR[:PORT]}: an IPv4 or bracketed IPv6 literal (a name would need a resolver
     * to find the resolver), port 53 by default.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static InetSocketAddress parseUpstream(String text) {
        HostPort hostPort = HostPort.parse(text, DEFAULT_UPSTREAM_PORT);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(hostPort.host());
        if (address == null) {
            throw new IllegalArgumentException("DNS upstream must be an IP address, not '" + hostPort.host() + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), hostPort.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid DNS upstream address '" + hostPort.host() + "'");
        }
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
