package dev.trygr.proxy;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.proxy.dns.DnsOptions;
import dev.trygr.proxy.dns.DnsResponder;
import dev.trygr.proxy.tls.ForgedContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running trygr proxy: one listener per mode, all feeding one capture sink. Start it with {@link #start};
 * {@link #stop} stops accepting, lets in-flight exchanges finish for the grace period, then closes everything.
 */
public final class ProxyServer implements AutoCloseable {
    private final ProxyContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<DnsResponder> responders = new ArrayList<>();
    private final List<Listening> bound = new ArrayList<>();

    /** One listener that is up: its mode and the address it actually bound (the port may have been 0). */
    public record Listening(ModeSpec mode, InetSocketAddress address) {}

    private ProxyServer(ProxyContext context, EventLoopGroup boss, EventLoopGroup workers) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
    }

    /**
     * Binds every mode's listener.
     *
     * @param upstreamTls    client context for upstream TLS (see {@code UpstreamTrust})
     * @param verifyUpstream false only with {@code --upstream-insecure}
     * @throws ProxyStartException with a message for the user when a listener cannot be bound or is not allowed
     */
    public static ProxyServer start(ProxyOptions options, CaptureSink sink, ForgedContexts forged,
                                    SslContext upstreamTls, boolean verifyUpstream) throws ProxyStartException {
        return start(options, sink, forged, upstreamTls, verifyUpstream, ProxyEvents.NONE);
    }

    /** {@link #start(ProxyOptions, CaptureSink, ForgedContexts, SslContext, boolean)}, telling {@code events}. */
    public static ProxyServer start(ProxyOptions options, CaptureSink sink, ForgedContexts forged,
                                    SslContext upstreamTls, boolean verifyUpstream, ProxyEvents events)
            throws ProxyStartException {
        for (ModeSpec mode : options.modes()) {
            String refusal = options.access().refusalToBind(address(mode.listen()), mode.canonical());
            if (!refusal.isEmpty()) {
                throw new ProxyStartException(refusal);
            }
        }
        disableLeakSamplingUnlessAsked();
        EventLoopGroup boss = Transports.group(1, "trygr-accept");
        EventLoopGroup workers = Transports.group(Runtime.getRuntime().availableProcessors(), "trygr-io");
        DnsNameResolverBuilder resolverBuilder = new DnsNameResolverBuilder()
                .datagramChannelType(Transports.datagramChannel())
                .socketChannelType(Transports.socketChannel());
        if (!options.dns().upstreams().isEmpty()) {
            // trygr's own lookups use the same resolvers as its DNS responder forwards to, never the responder
            resolverBuilder.nameServerProvider(new SequentialDnsServerAddressStreamProvider(
                    options.dns().upstreams().toArray(InetSocketAddress[]::new)));
        }
        DnsAddressResolverGroup resolver = new DnsAddressResolverGroup(resolverBuilder);
        ChannelGroup clients = new DefaultChannelGroup("trygr-clients", GlobalEventExecutor.INSTANCE);
        ProxyContext context = new ProxyContext(options, sink, forged, upstreamTls, verifyUpstream, resolver,
                clients, events);
        ProxyServer server = new ProxyServer(context, boss, workers);
        try {
            for (ModeSpec mode : options.modes()) {
                server.bind(mode);
            }
            context.listenersBound(server.bound.stream().map(Listening::address).toList());
        } catch (ProxyStartException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(ModeSpec mode) throws ProxyStartException {
        if (mode.kind().equals(ModeSpec.DNS)) {
            DnsSettings dns = context.options.dns();
            DnsResponder responder = DnsResponder.start(new DnsOptions(mode.listen(),
                    dns.intercept().isEmpty() ? DnsOptions.DEFAULT_INTERCEPT : dns.intercept(), dns.answer(),
                    dns.upstreams(), DnsOptions.DEFAULT_UPSTREAM_TIMEOUT).withAccess(context.options.access()),
                    context.sink, workers);
            responders.add(responder);
            bound.add(new Listening(mode, responder.boundAddress()));
            return;
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch, mode, ch.localAddress().getPort());
                    }
                });
        InetSocketAddress address = new InetSocketAddress(address(mode.listen()), mode.listen().port());
        try {
            Channel channel = bootstrap.bind(address).sync().channel();
            listeners.add(channel);
            InetSocketAddress local = (InetSocketAddress) channel.localAddress();
            bound.add(new Listening(mode, local));
        } catch (Exception e) {
            throw new ProxyStartException("cannot listen on " + mode.listen().authority() + " for mode "
                    + mode.kind() + ": " + e.getMessage());
        }
    }

    private void accept(SocketChannel ch, ModeSpec mode, int listenPort) {
        InetSocketAddress remote = ch.remoteAddress();
        String clientAddress = remote.getAddress().getHostAddress();
        ConnectionFacts facts = new ConnectionFacts(context.nextConnectionKey(), clientAddress, remote.getPort(),
                mode.canonical(), context.sink);
        context.sink.submit(new CaptureEvent.ConnectionOpened(facts.key, facts.openedMicros, clientAddress,
                remote.getPort(), mode.canonical(), mode.listen().authority()));
        ch.closeFuture().addListener(f -> facts.sideClosed());
        if (context.stopping) {
            facts.note("proxy shutting down");
            ch.close();
            return;
        }
        if (!context.options.access().admits(remote.getAddress())) {
            facts.outcome = ConnectionOutcome.REFUSED;
            facts.reason = "client " + clientAddress + " is outside the --allow ranges";
            ch.close();
            return;
        }
        context.clients.add(ch);
        long idle = context.options.idleTimeout().toMillis();
        ch.pipeline()
                .addLast(Pipelines.CLIENT_COUNTER, new ByteCounter(facts, true))
                .addLast(Pipelines.IDLE, new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        if (mode.kind().equals(ModeSpec.REGULAR)) {
            ch.pipeline()
                    .addLast(Pipelines.HTTP_CODEC, Pipelines.serverCodec())
                    .addLast(Pipelines.FLOW_CONTROL, new FlowControlHandler())
                    .addLast(Pipelines.FRONT, new HttpFront(context, facts, HttpFront.Kind.EXPLICIT, null, null,
                            null));
        } else {
            ch.pipeline().addLast(RoutedFront.NAME, new RoutedFront(context, facts, mode, listenPort));
        }
        ch.pipeline().addLast(Pipelines.GUARD, new ConnectionGuard(facts, "client"));
    }

    public List<Listening> listening() {
        return List.copyOf(bound);
    }

    /** The resolvers each DNS listener forwards to (in mode order), for the start banner. */
    public List<List<InetSocketAddress>> dnsUpstreams() {
        return responders.stream().map(DnsResponder::upstreams).toList();
    }

    /** How many exchanges are between their first request byte and their last response byte right now. */
    public int exchangesInFlight() {
        return context.exchangesInFlight.get();
    }

    /**
     * Stops accepting, waits up to the grace period for in-flight exchanges, then closes every connection and
     * the event loops. Blocks the caller (never call it on an event loop).
     */
    public void stop() {
        context.stopping = true;
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        for (DnsResponder responder : responders) {
            responder.close();
        }
        long deadline = System.nanoTime() + context.options.shutdownGrace().toNanos();
        while (context.exchangesInFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        context.clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        close();
    }

    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close();
        }
        for (DnsResponder responder : responders) {
            responder.close();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        context.resolver.close();
    }

    /**
     * Netty samples one buffer allocation in 128 for leak detection unless told otherwise: a stack trace each time,
     * about 3 % of an event loop's time under load. trygr's tests run every allocation through it (paranoid, and a
     * leak fails the build), so a running proxy does without. A level set with
     * {@code -Dio.netty.leakDetection.level} is left as it is.
     */
    private static void disableLeakSamplingUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static InetAddress address(HostPort listen) {
        try {
            return InetAddress.getByName(listen.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve listen address " + listen.host());
        }
    }
}
