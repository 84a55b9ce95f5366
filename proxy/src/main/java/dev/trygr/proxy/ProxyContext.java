package dev.trygr.proxy;

import dev.trygr.capture.CaptureSink;
import dev.trygr.proxy.tls.ForgedContexts;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;

import java.net.InetSocketAddress;
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
    private final AtomicLong connectionKeys = new AtomicLong();
    /** Exchanges between their first request byte and their last response byte, across all connections. */
    final AtomicInteger exchangesInFlight = new AtomicInteger();
    volatile boolean stopping;

    ProxyContext(ProxyOptions options, CaptureSink sink, ForgedContexts forged, SslContext upstreamTls,
                 boolean verifyUpstream, AddressResolverGroup<InetSocketAddress> resolver, ChannelGroup clients) {
        this.options = options;
        this.sink = sink;
        this.forged = forged;
        this.upstreamTls = upstreamTls;
        this.verifyUpstream = verifyUpstream;
        this.resolver = resolver;
        this.clients = clients;
        this.dialer = new UpstreamDialer(this);
    }

    long nextConnectionKey() {
        return connectionKeys.incrementAndGet();
    }
}
