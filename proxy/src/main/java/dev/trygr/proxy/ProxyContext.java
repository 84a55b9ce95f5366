package dev.trygr.proxy;

import dev.trygr.capture.CaptureSink;
import dev.trygr.proxy.tls.ForgedContexts;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one proxy run shares. Immutable but for the counters. */
final class ProxyContext {
    final ProxyOptions options;
    final CaptureSink sink;
    final ForgedContexts forged;
    final SslContext upstreamTls;
    final boolean verifyUpstream;
    final AddressResolverGroup<InetSocketAddress> resolver;
    final ChannelGroup clients;
    final UpstreamDialer dialer;
    final ProxyEvents events;
    final InterceptionRejections rejections = new InterceptionRejections();
    /** The addresses trygr's listeners are bound to, set once they are up; the dialer refuses to dial them. */
    private volatile List<InetSocketAddress> listeners = List.of();
    /** This machine's addresses, for listeners bound to a wildcard address. */
    private final Set<InetAddress> localAddresses;
    private final AtomicLong connectionKeys = new AtomicLong();
    /** Exchanges between their first request byte and their last response byte, across all connections. */
    final AtomicInteger exchangesInFlight = new AtomicInteger();
    volatile boolean stopping;

    ProxyContext(ProxyOptions options, CaptureSink sink, ForgedContexts forged, SslContext upstreamTls,
                 boolean verifyUpstream, AddressResolverGroup<InetSocketAddress> resolver, ChannelGroup clients,
                 ProxyEvents events) {
        this.options = options;
        this.sink = sink;
        this.forged = forged;
        this.upstreamTls = upstreamTls;
        this.verifyUpstream = verifyUpstream;
        this.resolver = resolver;
        this.clients = clients;
        this.events = events;
        this.localAddresses = LocalAddresses.all();
        this.dialer = new UpstreamDialer(this);
    }

    void listenersBound(List<InetSocketAddress> addresses) {
        listeners = List.copyOf(addresses);
    }

    /** True when connecting to {@code remote} would reach one of trygr's own listeners. */
    boolean isOwnListener(InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        for (InetSocketAddress listener : listeners) {
            if (listener.getPort() != remote.getPort()) {
                continue;
            }
            if (listener.getAddress().equals(address)) {
                return true;
            }
            if (listener.getAddress().isAnyLocalAddress()
                    && (address.isLoopbackAddress() || address.isAnyLocalAddress() || localAddresses.contains(address))) {
                return true;
            }
        }
        return false;
    }

    long nextConnectionKey() {
        return connectionKeys.incrementAndGet();
    }
}
