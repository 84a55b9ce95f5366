package dev.trygr.proxy.dns;

import dev.trygr.capture.CaptureSink;
import dev.trygr.proxy.ProxyStartException;
import dev.trygr.proxy.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.dns.DnsServerAddressStream;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * trygr's DNS responder ({@code --mode dns@HOST:PORT}): UDP and TCP on one port. Names matching the intercept
 * globs are answered with trygr's own address (see {@link DnsPolicy}); everything else is relayed to the upstream
 * resolvers (see {@link UpstreamExchange}): a UDP query over UDP, a truncated (TC) answer relayed as it is so the
 * client retries over TCP, and a TCP query over TCP. An upstream that does not answer in time gets the next one;
 * when none answers, the client gets SERVFAIL. Every query is recorded.
 */
public final class DnsResponder implements AutoCloseable {
    private static final int BIND_ATTEMPTS_FOR_ANY_PORT = 5;

    private final QueryRouter router;
    private final Channel udp;
    private final Channel tcp;
    private final ChannelGroup clients;
    private final ChannelGroup upstreamChannels;
    private final List<InetSocketAddress> upstreams;
    private final InetSocketAddress bound;
    private volatile boolean closed;

    private DnsResponder(QueryRouter router, Channel udp, Channel tcp, ChannelGroup clients,
                         ChannelGroup upstreamChannels, List<InetSocketAddress> upstreams) {
        this.router = router;
        this.udp = udp;
        this.tcp = tcp;
        this.clients = clients;
        this.upstreamChannels = upstreamChannels;
        this.upstreams = upstreams;
        this.bound = (InetSocketAddress) udp.localAddress();
    }

    /**
     * Binds UDP, then TCP on the same port (for port 0: the free port UDP got, retried a few times if TCP finds it
     * taken). Blocks the caller; never call it on an event loop.
     *
     * @param group the event loops for listeners, clients and upstream sockets; from {@link Transports#group}
     * @throws ProxyStartException with a message for the user: the address cannot be bound or is not allowed, no
     *                             system resolver is known, or an upstream is the responder itself
     */
    public static DnsResponder start(DnsOptions options, CaptureSink sink, EventLoopGroup group)
            throws ProxyStartException {
        String spec = "dns@" + options.listen().authority();
        InetAddress listenAddress = listenAddress(options);
        String refusal = options.access().refusalToBind(listenAddress, spec);
        if (!refusal.isEmpty()) {
            throw new ProxyStartException(refusal);
        }
        boolean systemDefault = options.upstreams().isEmpty();
        List<InetSocketAddress> upstreams = systemDefault ? systemResolvers() : options.upstreams();
        if (upstreams.isEmpty()) {
            throw new ProxyStartException("no system DNS resolver found for " + spec
                    + "; pass --dns-upstream ADDR[:PORT]");
        }
        Set<InetAddress> own = ownAddresses();
        InetSocketAddress requested = new InetSocketAddress(listenAddress, options.listen().port());
        String loop = ForwardingLoop.refusal(requested, upstreams, own, systemDefault);
        if (!loop.isEmpty()) {
            throw new ProxyStartException(loop);
        }

        ChannelGroup clients = new DefaultChannelGroup("trygr-dns-clients", GlobalEventExecutor.INSTANCE);
        ChannelGroup upstreamChannels = new DefaultChannelGroup("trygr-dns-upstreams", GlobalEventExecutor.INSTANCE);
        QueryRouter router = new QueryRouter(options, upstreams, sink, upstreamChannels);
        int attempts = options.listen().port() == 0 ? BIND_ATTEMPTS_FOR_ANY_PORT : 1;
        for (int attempt = 1; ; attempt++) {
            Channel udp = bindUdp(group, router, requested, spec);
            InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
            String boundLoop = ForwardingLoop.refusal(bound, upstreams, own, systemDefault);
            if (!boundLoop.isEmpty()) {
                udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
                throw new ProxyStartException(boundLoop);
            }
            try {
                Channel tcp = bindTcp(group, router, clients, options, new InetSocketAddress(listenAddress,
                        bound.getPort()), spec);
                return new DnsResponder(router, udp, tcp, clients, upstreamChannels, upstreams);
            } catch (ProxyStartException e) {
                udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** The address UDP and TCP listen on, with the actual port. */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    /** The upstream resolvers in use, in the order they are tried (the system's when none was configured). */
    public List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    /**
     * Stops listening, disconnects TCP clients and abandons forwarded queries (their clients get SERVFAIL where
     * the transport still allows), waiting about a second at most. Idempotent. Does not shut the event loops down.
     * Blocks the caller; never call it on an event loop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        router.close();
        udp.close();
        tcp.close();
        clients.close();
        upstreamChannels.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        udp.closeFuture().awaitUninterruptibly(remainingMillis(deadline));
        tcp.closeFuture().awaitUninterruptibly(remainingMillis(deadline));
        clients.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline));
        upstreamChannels.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline));
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static Channel bindUdp(EventLoopGroup group, QueryRouter router, InetSocketAddress address, String spec)
            throws ProxyStartException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpFront.RECEIVE_BUFFER))
                .handler(new UdpFront(router));
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            throw new ProxyStartException("cannot listen on UDP " + ForwardingLoop.authority(address) + " for "
                    + spec + ": " + UpstreamExchange.describe(e));
        }
    }

    private static Channel bindTcp(EventLoopGroup group, QueryRouter router, ChannelGroup clients,
                                   DnsOptions options, InetSocketAddress address, String spec)
            throws ProxyStartException {
        long idleMillis = options.idleTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group, group)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                .addLast(new TcpFront(router));
                    }
                });
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            throw new ProxyStartException("cannot listen on TCP " + ForwardingLoop.authority(address) + " for "
                    + spec + ": " + UpstreamExchange.describe(e));
        }
    }

    private static InetAddress listenAddress(DnsOptions options) throws ProxyStartException {
        try {
            return InetAddress.getByName(options.listen().host());
        } catch (UnknownHostException e) {
            throw new ProxyStartException("cannot resolve the DNS listen address " + options.listen().host());
        }
    }

    /**
     * The system's resolvers, as Netty's resolver finds them ({@code /etc/resolv.conf} on Unix). Where the platform
     * has none to offer, Netty falls back to public resolvers; {@link #upstreams()} shows what is used.
     */
    static List<InetSocketAddress> systemResolvers() {
        DnsServerAddressStream stream = DnsServerAddressStreamProviders.platformDefault()
                .nameServerAddressStream("trygr.invalid");
        Set<InetSocketAddress> found = new LinkedHashSet<>();
        for (int i = 0; i < stream.size(); i++) {
            InetSocketAddress address = stream.next();
            if (address != null && !address.isUnresolved()) {
                found.add(address);
            }
        }
        return List.copyOf(found);
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> own = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                own.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: only the literal and loopback checks apply
        }
        return own;
    }
}
