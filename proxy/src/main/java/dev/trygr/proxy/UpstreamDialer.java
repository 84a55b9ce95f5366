package dev.trygr.proxy;

import dev.trygr.proxy.tls.UpstreamTrust;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opens upstream connections on the client's own event loop: {@code --connect-to} applied, names resolved by
 * Netty's non-blocking DNS resolver, TLS verified unless the run says otherwise.
 */
final class UpstreamDialer {
    static final String COUNTER = "upstream-bytes";
    static final String TLS = "upstream-tls";

    private final ProxyContext context;

    UpstreamDialer(ProxyContext context) {
        this.context = context;
    }

    /**
     * Opens TCP to {@code target} (or where {@code --connect-to} sends it). The name is resolved first, so an
     * address that is one of trygr's own listeners is refused before any byte goes out (no loops: DNS that
     * answers trygr's own address to trygr itself). AUTO_READ is off on the result.
     */
    ChannelFuture dial(EventLoop loop, HostPort target, ConnectionFacts facts) {
        HostPort address = ConnectToRule.apply(context.options.connectTo(), target);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        long idle = context.options.idleTimeout().toMillis();
                        ch.pipeline().addLast(COUNTER, new ByteCounter(facts, false));
                        ch.pipeline().addLast("upstream-idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                    }
                });
        ChannelFuture registered = bootstrap.register();
        Channel channel = registered.channel();
        ChannelPromise connected = channel.newPromise();
        registered.addListener(r -> {
            if (!r.isSuccess()) {
                connected.tryFailure(r.cause());
                return;
            }
            context.resolver.getResolver(loop)
                    .resolve(InetSocketAddress.createUnresolved(address.host(), address.port()))
                    .addListener(resolved -> {
                        if (!resolved.isSuccess()) {
                            channel.close();
                            connected.tryFailure(resolved.cause());
                            return;
                        }
                        InetSocketAddress remote = (InetSocketAddress) resolved.getNow();
                        if (context.isOwnListener(remote)) {
                            channel.close();
                            connected.tryFailure(new ConnectException(address.authority() + " resolves to "
                                    + remote.getAddress().getHostAddress() + ":" + remote.getPort()
                                    + ", one of trygr's own listeners; refusing to connect to itself (is this "
                                    + "machine's resolver trygr's own DNS? pass --dns-upstream, or --connect-to)"));
                            return;
                        }
                        channel.connect(remote, connected);
                    });
        });
        connected.addListener(f -> {
            if (f.isSuccess()) {
                facts.upstreamOpened();
                InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
                facts.upstreamAddress = remote.getAddress().getHostAddress() + ":" + remote.getPort();
                channel.closeFuture().addListener(c -> facts.sideClosed());
            }
        });
        return connected;
    }

    /**
     * Starts TLS on a connected upstream channel, naming {@code serverName} in SNI and verifying the certificate
     * for it. The promise completes with the channel once the handshake is done.
     */
    Future<Channel> startTls(Channel upstream, String serverName, int port) {
        Promise<Channel> done = upstream.eventLoop().newPromise();
        if (!upstream.isActive()) {
            return done.setFailure(new java.io.IOException("the upstream closed the connection"));
        }
        SslHandler ssl = UpstreamTrust.newHandler(context.upstreamTls, upstream.alloc(), serverName, port,
                context.verifyUpstream);
        upstream.pipeline().addAfter(COUNTER, TLS, ssl);
        upstream.pipeline().addAfter(TLS, HeldBytes.NAME, new HeldBytes());
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                done.trySuccess(upstream);
            } else {
                done.tryFailure(f.cause());
            }
        });
        upstream.read();
        return done;
    }

    /** A short reason for a failed dial or handshake, fit for the capture and the console. */
    static String describe(String stage, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what;
        if (cause instanceof UnknownHostException || root instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException) {
            what = "name not resolved: " + message(root);
        } else if (cause instanceof ConnectException) {
            what = message(cause);
        } else if (cause instanceof SSLHandshakeException || root instanceof CertificateException) {
            what = "TLS handshake failed: " + message(root);
        } else {
            what = message(cause);
        }
        return stage + ": " + what;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
