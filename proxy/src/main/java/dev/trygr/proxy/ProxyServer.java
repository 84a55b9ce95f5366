package dev.trygr.proxy;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.ConnectionOutcome;
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
        for (ModeSpec mode : options.modes()) {
            String refusal = options.access().refusalToBind(address(mode.listen()), mode.canonical());
            if (!refusal.isEmpty()) {
                throw new ProxyStartException(refusal);
            }
        }
        EventLoopGroup boss = Transports.group(1, "trygr-accept");
        EventLoopGroup workers = Transports.group(Runtime.getRuntime().availableProcessors(), "trygr-io");
        DnsAddressResolverGroup resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(Transports.datagramChannel())
                .socketChannelType(Transports.socketChannel()));
        ChannelGroup clients = new DefaultChannelGroup("trygr-clients", GlobalEventExecutor.INSTANCE);
        ProxyContext context = new ProxyContext(options, sink, forged, upstreamTls, verifyUpstream, resolver,
                clients);
        ProxyServer server = new ProxyServer(context, boss, workers);
        try {
            for (ModeSpec mode : options.modes()) {
                server.bind(mode);
            }
        } catch (ProxyStartException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(ModeSpec mode) throws ProxyStartException {
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
                        accept(ch, mode);
                    }
                });
        InetSocketAddress address = new InetSocketAddress(address(mode.listen()), mode.listen().port());
        try {
            Channel channel = bootstrap.bind(address).sync().channel();
            listeners.add(channel);
            bound.add(new Listening(mode, (InetSocketAddress) channel.localAddress()));
        } catch (Exception e) {
            throw new ProxyStartException("cannot listen on " + mode.listen().authority() + " for mode "
                    + mode.kind() + ": " + e.getMessage());
        }
    }

    private void accept(SocketChannel ch, ModeSpec mode) {
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
                .addLast(Pipelines.IDLE, new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
                .addLast(Pipelines.HTTP_CODEC, Pipelines.serverCodec())
                .addLast(Pipelines.FLOW_CONTROL, new FlowControlHandler())
                .addLast(Pipelines.FRONT, new HttpFront(context, facts, HttpFront.Kind.EXPLICIT, null, null, null))
                .addLast(Pipelines.GUARD, new ConnectionGuard(facts, "client"));
    }

    public List<Listening> listening() {
        return List.copyOf(bound);
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
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        context.resolver.close();
    }

    private static InetAddress address(HostPort listen) {
        try {
            return InetAddress.getByName(listen.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve listen address " + listen.host());
        }
    }
}
