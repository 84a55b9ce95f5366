package dev.trygr.proxy.dns;

import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Refuses an upstream resolver that would be trygr's own responder, so trygr never forwards a query to itself
 * (where it would be forwarded again, and again). Conservative: a wildcard listener is taken to receive whatever
 * is sent to a loopback, wildcard or own-interface address of its family on its port.
 */
final class ForwardingLoop {
    private ForwardingLoop() {
    }

    /**
     * Empty when forwarding from {@code listen} to every upstream is safe; otherwise the reason to refuse, fit for
     * the user.
     *
     * @param ownAddresses  the addresses of this machine's interfaces
     * @param systemDefault true when the upstreams are the system's resolvers rather than {@code --dns-upstream}
     */
    static String refusal(InetSocketAddress listen, List<InetSocketAddress> upstreams, Set<InetAddress> ownAddresses,
                          boolean systemDefault) {
        for (InetSocketAddress upstream : upstreams) {
            if (reaches(listen, upstream, ownAddresses)) {
                return "refusing to start the DNS responder on " + authority(listen) + ": "
                        + (systemDefault ? "the system's resolver " : "the upstream resolver ")
                        + authority(upstream) + " is trygr's own listening address, so trygr would forward "
                        + "queries to itself. Pass --dns-upstream ADDR[:PORT] with a resolver that is not trygr, "
                        + "e.g. --dns-upstream 1.1.1.1";
            }
        }
        return "";
    }

    /** Whether a datagram sent to {@code upstream} would arrive at a socket bound to {@code listen}. */
    static boolean reaches(InetSocketAddress listen, InetSocketAddress upstream, Set<InetAddress> ownAddresses) {
        if (listen.getPort() == 0 || listen.getPort() != upstream.getPort() || upstream.getAddress() == null) {
            return false;
        }
        InetAddress bound = listen.getAddress();
        InetAddress target = upstream.getAddress();
        if (bound.equals(target)) {
            return true;
        }
        boolean local = target.isAnyLocalAddress() || target.isLoopbackAddress() || ownAddresses.contains(target);
        if (bound.isAnyLocalAddress()) {
            // an IPv4 wildcard receives IPv4 only; an IPv6 wildcard is dual-stack and receives both
            boolean familyCovered = !(bound instanceof Inet4Address) || target instanceof Inet4Address;
            return local && familyCovered;
        }
        // sending to a wildcard address reaches the local host
        return target.isAnyLocalAddress() && (bound.isLoopbackAddress() || ownAddresses.contains(bound));
    }

    static String authority(InetSocketAddress address) {
        String host = address.getAddress() != null ? NetUtil.toAddressString(address.getAddress())
                : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
