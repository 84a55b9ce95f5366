package dev.trygr.proxy;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.WsMessageRow;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.TestPki;
import dev.trygr.proxy.testing.WsEchoOrigin;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSockets through the explicit proxy, end to end: a TLS echo origin on loopback, real clients through CONNECT,
 * the upgrade recorded as a flow and every message as a {@code ws_messages} row linked to it.
 */
@Timeout(60)
class WebSocketProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ProxyFixture fixture(WsEchoOrigin echo) throws Exception {
        return new ProxyFixture(dir, RawHttpsOrigin.startPlain(Responder.json("{}")), o -> new ProxyOptions(o.modes(),
                List.of(ConnectToRule.parse(ProxyFixture.ORIGIN_HOST + ":443:127.0.0.1:" + echo.port())),
                o.intercept(), o.access(), o.maxBodyBytes(), o.idleTimeout(), o.connectTimeout(), o.shutdownGrace()));
    }

    @Test
    void jdkClientMessagesAreEchoedAndRecordedPerDirection() throws Exception {
        try (WsEchoOrigin echo = WsEchoOrigin.start(ProxyFixture.ORIGIN_LEAF); ProxyFixture f = fixture(echo)) {
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", f.port())))
                    .sslContext(TestPki.trustingOnly(ProxyFixture.CA.certificate()))
                    .connectTimeout(WAIT)
                    .build();
            Collector seen = new Collector();
            WebSocket ws = client.newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(URI.create("wss://origin.test/ws?authcode=SECRET"), seen)
                    .get(10, TimeUnit.SECONDS);

            ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertEquals("text:hello", seen.next());
            byte[] binary = new byte[200];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (255 - i);
            }
            ws.sendBinary(ByteBuffer.wrap(binary), true).get(10, TimeUnit.SECONDS);
            assertEquals("binary:" + hex(binary), seen.next());
            ws.sendText("frag-", false).get(10, TimeUnit.SECONDS);
            ws.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.US_ASCII))).get(10, TimeUnit.SECONDS);
            ws.sendText("ment", true).get(10, TimeUnit.SECONDS);
            List<String> fragmentEchoes = List.of(seen.next(), seen.next());
            assertTrue(fragmentEchoes.contains("pong:p") && fragmentEchoes.contains("text:frag-ment"),
                    fragmentEchoes.toString());
            ws.sendText("{\"ticket\":\"abc\"}", true).get(10, TimeUnit.SECONDS);
            assertEquals("text:{\"ticket\":\"abc\"}", seen.next());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            assertEquals("close:1000", seen.next());

            FlowSummary upgrade = f.flows(1).get(0);
            assertEquals(101, upgrade.status());
            assertTrue(upgrade.target().startsWith("/ws?authcode=REDACTED:authcode:"), upgrade.target());
            assertFalse(upgrade.target().contains("SECRET"), upgrade.target());

            List<WsMessageRow> rows = wsMessages(f, 12);
            List<String> fromClient = describe(rows, true);
            List<String> fromServer = describe(rows, false);
            assertEquals(6, fromClient.size(), fromClient.toString());
            assertEquals(6, fromServer.size(), fromServer.toString());
            assertEquals("1 hello", fromClient.get(0));
            assertEquals("1 hello", fromServer.get(0));
            assertEquals("2 " + hex(binary), fromClient.get(1));
            assertEquals("2 " + hex(binary), fromServer.get(1));
            assertEquals(List.of("9 p", "1 frag-ment"), fromClient.subList(2, 4), "the ping is a message of its own");
            assertEquals(List.of("10 p", "1 frag-ment"), fromServer.subList(2, 4));
            for (List<String> side : List.of(fromClient, fromServer)) {
                String ticket = side.get(4);
                assertTrue(ticket.startsWith("1 {\"ticket\":\"REDACTED:ticket:"), ticket);
                assertFalse(ticket.contains("abc"), ticket);
                assertTrue(side.get(5).startsWith("8 "), side.get(5));
            }
            for (WsMessageRow row : rows) {
                assertEquals(upgrade.id(), row.flowId(), "linked to the upgrade flow: " + row);
                assertEquals(upgrade.connectionId(), row.connectionId());
                assertFalse(row.compressed() || row.truncated(), row.toString());
            }
            assertEquals(1, rows.stream().filter(r -> r.opcode() == 1 && r.fromClient()
                    && new String(r.data(), StandardCharsets.UTF_8).contains("ticket")).findFirst()
                    .orElseThrow().redactions());

            ConnectionRow connection = f.connections(c -> "websocket".equals(c.protocol()), 1).get(0);
            assertTrue(connection.rawClientHead() == null || connection.rawClientHead().length == 0,
                    "raw bytes are not kept for a WebSocket: they would hold the payloads unredacted");
        }
    }

    @Test
    void compressedMessagesAreRecordedInflatedAcrossContextTakeover() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (WsEchoOrigin echo = WsEchoOrigin.start(ProxyFixture.ORIGIN_LEAF); ProxyFixture f = fixture(echo)) {
            BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
            CompletableFuture<Void> handshake = new CompletableFuture<>();
            SslContext tls = SslContextBuilder.forClient().trustManager(ProxyFixture.CA.certificate()).build();
            URI uri = URI.create("wss://origin.test/ws?authcode=SECRET2");
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .resolver(NoopAddressResolverGroup.INSTANCE)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpProxyHandler(new InetSocketAddress("127.0.0.1", f.port())),
                                    tls.newHandler(ch.alloc(), ProxyFixture.ORIGIN_HOST, 443),
                                    new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                    WebSocketClientCompressionHandler.INSTANCE,
                                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                            uri, WebSocketVersion.V13, null, true, new DefaultHttpHeaders())),
                                    new TextCollector(echoes, handshake));
                        }
                    });
            Channel ch = bootstrap.connect(InetSocketAddress.createUnresolved(ProxyFixture.ORIGIN_HOST, 443))
                    .sync().channel();
            handshake.get(10, TimeUnit.SECONDS);
            String message = "{\"kind\":\"ding\",\"doorbot_id\":12345,\"state\":\"ringing\",\"motion\":false}";
            for (int i = 0; i < 2; i++) {   // the second one refers back to the first: context takeover
                ch.writeAndFlush(new TextWebSocketFrame(message));
                assertEquals(message, echoes.poll(10, TimeUnit.SECONDS));
            }
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "done"));
            ch.closeFuture().await(10, TimeUnit.SECONDS);

            FlowSummary upgrade = f.flows(1).get(0);
            assertEquals(101, upgrade.status());
            assertFalse(upgrade.target().contains("SECRET2"), upgrade.target());
            List<WsMessageRow> rows = wsMessages(f, 4);
            List<WsMessageRow> texts = rows.stream().filter(r -> r.opcode() == 1).toList();
            assertEquals(4, texts.size(), rows.toString());
            long[] lengths = new long[2];
            for (boolean fromClient : new boolean[] {true, false}) {
                List<WsMessageRow> side = texts.stream().filter(r -> r.fromClient() == fromClient).toList();
                assertEquals(2, side.size());
                for (WsMessageRow row : side) {
                    assertTrue(row.compressed(), row.toString());
                    assertFalse(row.truncated(), row.toString());
                    assertEquals(message, new String(row.data(), StandardCharsets.UTF_8));
                    assertEquals(upgrade.id(), row.flowId());
                }
                assertTrue(side.get(1).length() < side.get(0).length(),
                        "the second message is shorter on the wire: it refers back to the first");
                lengths[fromClient ? 0 : 1] = side.get(0).length();
            }
            assertTrue(lengths[0] < message.length() && lengths[1] < message.length(), "length is the wire length");
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The ws_messages rows, waiting (at most 10 s) until at least {@code atLeast} are there. */
    private static List<WsMessageRow> wsMessages(ProxyFixture f, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<WsMessageRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            f.writer.flush();
            try (CaptureReader reader = f.capture.reader()) {
                rows = reader.wsMessages(null);
            }
            if (rows.size() >= atLeast) {
                return rows;
            }
            Thread.sleep(20);   // messages reach the capture through the writer's queue: nothing else to wait on
        }
        return rows;
    }

    private static List<String> describe(List<WsMessageRow> rows, boolean fromClient) {
        List<String> out = new ArrayList<>();
        for (WsMessageRow r : rows) {
            if (r.fromClient() == fromClient) {
                out.add(r.opcode() + " " + (r.opcode() == 2 ? hex(r.data())
                        : new String(r.data(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Whole messages as the JDK client receives them, one string each, in order. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 10 s");
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add("binary:" + hex(binary.toByteArray()));
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            messages.add("pong:" + StandardCharsets.US_ASCII.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            messages.add("close:" + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            messages.add("error:" + error);
        }
    }

    /** Hands the text of each echoed frame to a queue (the frames arrive inflated) and releases it. */
    private static final class TextCollector extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<String> texts;
        private final CompletableFuture<Void> handshake;

        TextCollector(BlockingQueue<String> texts, CompletableFuture<Void> handshake) {
            this.texts = texts;
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame frame) {
                    texts.add(frame.text());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
