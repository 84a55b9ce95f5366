package dev.trygr.bench;

import dev.trygr.proxy.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The origin the benchmark talks to: HTTPS on 127.0.0.1 (an ephemeral port) with a leaf for
 * {@code bench.test} and {@code 127.0.0.1} from a throw-away {@link TestPki}, Netty's {@link HttpServerCodec},
 * and one fixed response for every request: a small JSON body (or {@code bodyBytes} of JSON-ish filler) with
 * Content-Length, keep-alive. Two event-loop threads, epoll when available, JDK TLS provider (like trygr's).
 */
final class BenchOrigin implements AutoCloseable {
    static final String HOST = "bench.test";
    /** 102 bytes: the size of a typical small REST answer. */
    static final String SMALL_JSON =
            "{\"id\":4242,\"kind\":\"doorbell\",\"online\":true,\"battery\":87,\"firmware\":\"up to date\",\"alerts\":[]}\n";

    private final TestPki pki;
    private final EventLoopGroup group;
    private final Channel server;
    private final int bodyBytes;
    private final String transport;

    private BenchOrigin(TestPki pki, EventLoopGroup group, Channel server, int bodyBytes, String transport) {
        this.pki = pki;
        this.group = group;
        this.server = server;
        this.bodyBytes = bodyBytes;
        this.transport = transport;
    }

    /**
     * Starts the origin.
     *
     * @param bodyBytes 0 for {@link #SMALL_JSON}, else a JSON string body of exactly this many bytes
     */
    static BenchOrigin start(int bodyBytes) throws InterruptedException {
        TestPki pki = TestPki.create("trygr bench origin CA");
        TestPki.Leaf leaf = pki.issue(HOST, "127.0.0.1");
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(leaf.keyManagerFactory()).sslProvider(SslProvider.JDK).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the origin's TLS context", e);
        }
        byte[] body = body(bodyBytes);
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
                                .addLast("answer", new Answer(body));
                    }
                });
        try {
            Channel server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            return new BenchOrigin(pki, group, server, body.length, epoll ? "epoll" : "nio");
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The body length every response carries. */
    int bodyBytes() {
        return bodyBytes;
    }

    /** "epoll" or "nio". */
    String transport() {
        return transport;
    }

    TestPki pki() {
        return pki;
    }

    Path writeCaPem(Path file) throws IOException {
        return pki.writeCaPem(file);
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static byte[] body(int bodyBytes) {
        if (bodyBytes <= 0) {
            return SMALL_JSON.getBytes(StandardCharsets.UTF_8);
        }
        if (bodyBytes < 16) {
            throw new IllegalArgumentException("body size must be 0 (small JSON) or at least 16 bytes");
        }
        byte[] b = new byte[bodyBytes];
        byte[] head = "{\"filler\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}\n".getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
        return b;
    }

    /** Answers each request head with the fixed response; request bodies (none expected) are ignored. */
    private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        private final ByteBuf body;

        Answer(byte[] body) {
            this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    body.duplicate());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (HttpUtil.isKeepAlive(request)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.write(response);
            } else {
                ctx.write(response).addListener(f -> ctx.close());
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
