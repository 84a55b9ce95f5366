package dev.trygr.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A WebSocket echo server over TLS on loopback: Netty's server protocol handler on {@code /ws} (any query), with
 * permessage-deflate when the client offers it. Text, binary and continuation frames come back as they arrived
 * (so a fragmented message is echoed fragmented); pings are answered with pongs, a close with a close. It keeps
 * the request target of every upgrade and every unfragmented text message it received.
 */
public final class WsEchoOrigin implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private WsEchoOrigin(TestPki.Leaf leaf) throws SSLException, InterruptedException {
        SslContext tls = SslContextBuilder.forServer(leaf.privateKey(), leaf.chain()).build();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true).allowExtensions(true).build();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(1 << 16), new WebSocketServerCompressionHandler(),
                                new WebSocketServerProtocolHandler(config), new Echo());
                    }
                });
        server = bootstrap.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    /** Starts an echo server presenting {@code leaf}. */
    public static WsEchoOrigin start(TestPki.Leaf leaf) throws SSLException, InterruptedException {
        return new WsEchoOrigin(leaf);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The request target of every upgrade, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Every unfragmented text message received, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete upgrade) {
                paths.add(upgrade.requestUri());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text && text.isFinalFragment()) {
                messages.add(text.text());
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                    || msg instanceof ContinuationWebSocketFrame) {
                ctx.writeAndFlush(msg);   // the frame goes back out: its buffer travels with it
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
