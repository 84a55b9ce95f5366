package dev.trygr.proxy.dns;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.DnsQueryRow;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import dev.trygr.proxy.HostPort;
import dev.trygr.proxy.ProxyStartException;
import dev.trygr.proxy.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * trygr's DNS responder on 127.0.0.1 (a free port) for one test, recording into a real SQLite capture in a
 * temporary folder, forwarding to the given upstreams (usually a {@code DnsStub}).
 */
final class DnsFixture implements AutoCloseable {
    final Capture capture;
    final CaptureWriter writer;
    final long session;
    final EventLoopGroup group;
    final DnsResponder responder;

    DnsFixture(Path dir, List<InetSocketAddress> upstreams, UnaryOperator<DnsOptions> tweak)
            throws ProxyStartException {
        capture = Capture.open(dir.resolve("capture.db"));
        session = capture.startSession(new SessionInfo("test", List.of("dns@127.0.0.1:0"), "ab".repeat(32), false,
                false, 1 << 20, Map.of()));
        writer = capture.writer(session, WriterOptions.defaults());
        group = Transports.group(2, "dns-test");
        DnsOptions options = tweak.apply(new DnsOptions(new HostPort("127.0.0.1", 0), DnsOptions.DEFAULT_INTERCEPT,
                null, upstreams, Duration.ofMillis(500)));
        try {
            responder = DnsResponder.start(options, writer, group);
        } catch (ProxyStartException | RuntimeException e) {
            closeRest();
            throw e;
        }
    }

    InetSocketAddress address() {
        return responder.boundAddress();
    }

    /** A Netty resolver asking only the responder: A records only, no search domains, no cache, TCP fallback. */
    DnsNameResolver resolver() {
        return new DnsNameResolverBuilder(group.next())
                .datagramChannelType(Transports.datagramChannel())
                .socketChannelType(Transports.socketChannel())
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(address()))
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
                .searchDomains(List.of())
                .ndots(1)
                .resolveCache(NoopDnsCache.INSTANCE)
                .queryTimeoutMillis(3000)
                .maxQueriesPerResolve(4)
                .build();
    }

    /** The recorded queries that match, waiting (at most 10 s) until there are at least {@code atLeast}. */
    List<DnsQueryRow> rows(Predicate<DnsQueryRow> which, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<DnsQueryRow> seen = List.of();
        while (System.nanoTime() < deadline) {
            writer.flush();
            try (CaptureReader reader = capture.reader()) {
                seen = reader.dnsQueries(session).stream().filter(which).toList();
            }
            if (seen.size() >= atLeast) {
                return seen;
            }
            Thread.sleep(20);   // a query is recorded just after its answer is sent: nothing to wait on but the file
        }
        return seen;
    }

    /** The one recorded query for {@code name} and {@code type} over {@code transport}. */
    DnsQueryRow row(String transport, String name, String type) throws InterruptedException {
        List<DnsQueryRow> rows = rows(r -> transport.equals(r.transport()) && name.equals(r.name())
                && type.equals(r.type()), 1);
        if (rows.size() != 1) {
            throw new AssertionError("expected one " + transport + " " + name + " " + type + " row, got " + rows
                    + "; all: " + rows(r -> true, 0));
        }
        return rows.get(0);
    }

    @Override
    public void close() {
        responder.close();
        closeRest();
    }

    private void closeRest() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        writer.close();
        capture.close();
    }
}
