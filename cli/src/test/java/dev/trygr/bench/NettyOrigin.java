package dev.trygr.bench;

import dev.trygr.proxy.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fallback origin when nginx is not installed: Netty's {@link HttpServerCodec}, JDK TLS, two event-loop
 * threads, epoll when available. Serves {@link Origin#path} for each body size it was started with; anything
 * else is a 404.
 */
final class NettyOrigin implements Origin {
    private final TestPki pki;
    private final EventLoopGroup group;
    private final Channel server;
    private final String transport;

    private NettyOrigin(TestPki pki, EventLoopGroup group, Channel server, String transport) {
        this.pki = pki;
        this.group = group;
        this.server = server;
        this.transport = transport;
    }

    static NettyOrigin start(TestPki pki, TestPki.Leaf leaf, int... bodySizes) throws InterruptedException {
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(leaf.keyManagerFactory()).sslProvider(SslProvider.JDK).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the origin's TLS context", e);
        }
        Map<String, ByteBuf> bodies = new HashMap<>();
        for (int size : bodySizes) {
            bodies.put(Origin.path(size), Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(Origin.body(size))));
        }
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("http", new HttpServerCodec())
                                .addLast("answer", new Answer(bodies));
                    }
                });
        try {
            Channel server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            return new NettyOrigin(pki, group, server, epoll ? "epoll" : "nio");
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public String describe() {
        return "Netty " + transport + ", 2 event loops, JDK TLS";
    }

    @Override
    public TestPki pki() {
        return pki;
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Answers each request head with its fixed response; request bodies (none expected) are ignored. */
    private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        private final Map<String, ByteBuf> bodies;

        Answer(Map<String, ByteBuf> bodies) {
            this.bodies = bodies;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            ByteBuf body = bodies.get(request.uri());
            FullHttpResponse response = body == null
                    ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                            Unpooled.EMPTY_BUFFER)
                    : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.duplicate());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (HttpUtil.isKeepAlive(request)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // a client that went away mid-request; nothing to report
        }
    }
}
