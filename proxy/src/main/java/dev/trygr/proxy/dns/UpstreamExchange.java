package dev.trygr.proxy.dns;

import dev.trygr.proxy.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One forwarded query: sent to the upstream resolvers in order, each on a fresh socket (a random source port and a
 * random id per attempt, so off-path spoofing has 32 bits to guess) over the client's transport, until one answers
 * within the timeout. The client's bytes go upstream unchanged but for the id; the answer comes back unchanged but
 * for the id. Lives on one event loop; no locks.
 *
 * <p>Over UDP the socket is connected, so the kernel drops datagrams from anyone but the upstream, and datagrams
 * that do not answer the question are ignored (the timeout still runs). Over TCP a wrong answer or a closed
 * connection fails the attempt at once.
 */
final class UpstreamExchange {
    /** Told exactly once how it ended, on the exchange's event loop. */
    interface Listener {
        void answered(byte[] message, DnsReply reply);

        void failed(String why);
    }

    /** Large enough for any UDP answer (an upstream may honour a client's EDNS buffer of up to 65535 bytes). */
    private static final int MAX_UDP_ANSWER = 65536;
    private static final int MAX_TCP_MESSAGE = 65535;

    private final EventLoop loop;
    private final boolean tcp;
    private final List<InetSocketAddress> upstreams;
    private final long timeoutMillis;
    private final DnsQuery query;
    private final byte[] packet;
    private final SecureRandom ids;
    private final ChannelGroup channels;
    private final BooleanSupplier closed;
    private final Listener listener;
    private final List<String> failures = new ArrayList<>();

    private int next;
    private int live = -1;
    private int sentId;
    private Channel channel;
    private ScheduledFuture<?> timer;

    UpstreamExchange(EventLoop loop, boolean tcp, List<InetSocketAddress> upstreams, long timeoutMillis,
                     DnsQuery query, byte[] packet, SecureRandom ids, ChannelGroup channels, BooleanSupplier closed,
                     Listener listener) {
        this.loop = loop;
        this.tcp = tcp;
        this.upstreams = upstreams;
        this.timeoutMillis = timeoutMillis;
        this.query = query;
        this.packet = packet;
        this.ids = ids;
        this.channels = channels;
        this.closed = closed;
        this.listener = listener;
    }

    /** Sends to the first upstream. Call on {@code loop}. */
    void start() {
        tryNext();
    }

    private void tryNext() {
        if (next >= upstreams.size() || closed.getAsBoolean()) {
            if (closed.getAsBoolean()) {
                failures.add("the DNS responder is closing");
            }
            listener.failed(String.join("; ", failures));
            return;
        }
        int attempt = next++;
        InetSocketAddress upstream = upstreams.get(attempt);
        live = attempt;
        sentId = ids.nextInt(0x10000);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (tcp) {
            bootstrap.channel(Transports.socketChannel()).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline()
                            .addLast(new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2))
                            .addLast(new AnswerReader(attempt));
                }
            });
        } else {
            bootstrap.channel(Transports.datagramChannel())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_ANSWER))
                    .handler(new AnswerReader(attempt));
        }
        try {
            timer = loop.schedule(() -> failAttempt(attempt, "no answer within " + timeoutMillis + " ms"),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            live = -1;
            failures.add(upstream + ": event loop shut down");
            listener.failed(String.join("; ", failures));
            return;
        }
        ChannelFuture connected = bootstrap.connect(upstream);
        channel = connected.channel();
        channels.add(channel);
        connected.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failAttempt(attempt, describe(f.cause()));
                return;
            }
            if (attempt != live) {
                return;
            }
            byte[] message = DnsMessages.withId(packet, sentId);
            ByteBuf out = tcp
                    ? Unpooled.buffer(2 + message.length).writeShort(message.length).writeBytes(message)
                    : Unpooled.wrappedBuffer(message);
            f.channel().writeAndFlush(out).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    failAttempt(attempt, "cannot send: " + describe(w.cause()));
                }
            });
        });
    }

    private void answered(int attempt, byte[] message) {
        if (attempt != live) {
            return;
        }
        DnsReply reply;
        try {
            reply = DnsReply.parse(message);
        } catch (MalformedDnsException e) {
            if (tcp) {
                failAttempt(attempt, "malformed answer: " + e.getMessage());
            }
            return;   // over UDP: not an answer to us; keep waiting
        }
        if (!reply.answers(query, sentId)) {
            if (tcp) {
                failAttempt(attempt, "the answer does not match the question");
            }
            return;
        }
        endAttempt();
        listener.answered(message, reply);
    }

    private void failAttempt(int attempt, String why) {
        if (attempt != live) {
            return;
        }
        failures.add(upstreams.get(attempt) + ": " + why);
        endAttempt();
        tryNext();
    }

    private void endAttempt() {
        live = -1;
        timer.cancel(false);
        channel.close();
    }

    static String describe(Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            return "port unreachable";
        }
        String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }

    /** The last handler of an upstream channel: hands the answer's bytes over and releases the message. */
    private final class AnswerReader extends ChannelInboundHandlerAdapter {
        private final int attempt;

        AnswerReader(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            byte[] message = null;
            try {
                if (msg instanceof DatagramPacket datagram) {
                    message = ByteBufUtil.getBytes(datagram.content());
                } else if (msg instanceof ByteBuf frame) {
                    message = ByteBufUtil.getBytes(frame);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (message != null) {
                answered(attempt, message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAttempt(attempt, tcp ? "closed the connection without answering" : "socket closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAttempt(attempt, describe(cause));
        }
    }
}
