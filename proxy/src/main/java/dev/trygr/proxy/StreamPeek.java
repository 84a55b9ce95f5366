package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.net.ssl.SSLSession;
import java.util.List;

/**
 * First thing after the client's TLS handshake: records the handshake, then looks at the first decrypted bytes.
 * HTTP/1.x goes to an {@link HttpFront}; anything else is relayed and recorded as a byte stream.
 *
 * <p>It also notices a client that refuses trygr's certificate: a handshake ended by an alert such as
 * {@code unknown_ca}, or a connection closed without a byte of application data within
 * {@link #REJECTION_WINDOW_NANOS} of the handshake (how clients that pin certificates tend to leave). The
 * connection is recorded as {@code rejected} and later connections from that client to that host pass through.
 */
final class StreamPeek extends ByteToMessageDecoder {
    static final String NAME = "stream-peek";

    static final long REJECTION_WINDOW_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final HostPort target;
    /** The name the forged leaf is for. */
    private final String leafName;
    /** The name upstream TLS is for (differs from the leaf's in reverse modes). */
    private final String upstreamName;
    private final Channel upstream;
    private long handshakeDoneNanos;

    StreamPeek(ProxyContext context, ConnectionFacts facts, HostPort target, String leafName, String upstreamName,
               Channel upstream) {
        this.context = context;
        this.facts = facts;
        this.target = target;
        this.leafName = leafName;
        this.upstreamName = upstreamName;
        this.upstream = upstream;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                SSLSession session = ssl.engine().getSession();
                facts.tlsVersion = session.getProtocol();
                facts.cipherSuite = session.getCipherSuite();
                facts.alpn = ssl.applicationProtocol();
                handshakeDoneNanos = System.nanoTime();
                // A server that speaks first (some byte protocols do) makes this a raw stream at once.
                HeldBytes.whenUpstreamSpeaks(upstream, () -> {
                    if (ctx.pipeline().context(this) != null && !ctx.isRemoved()) {
                        relayRaw(ctx, new byte[0], 0);
                    }
                });
                upstream.read();
                ctx.read();
            } else {
                handshakeFailed(ctx, done.cause());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Still here means no application byte arrived.
        if (handshakeDoneNanos != 0 && System.nanoTime() - handshakeDoneNanos < REJECTION_WINDOW_NANOS) {
            rejected("client closed the connection " + (System.nanoTime() - handshakeDoneNanos) / 1_000_000
                    + " ms after the TLS handshake without sending anything: it may pin its server's certificate");
        }
        super.channelInactive(ctx);
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        String alert = rejectionAlert(cause);
        if (alert != null) {
            rejected("client rejected trygr's certificate (" + alert + "): it does not trust the trygr CA, "
                    + "or it pins its server's certificate");
        } else {
            facts.fail("client TLS handshake failed: " + cause.getMessage());
        }
        upstream.close();
        ctx.close();
    }

    private void rejected(String reason) {
        facts.outcome = ConnectionOutcome.REJECTED;
        facts.reason = reason;
        if (context.rejections.add(facts.clientAddress, leafName)) {
            context.events.interceptionRejected(facts.clientAddress, leafName, reason);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        byte[] head = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), 32));
        switch (StreamSniff.classify(head, head.length)) {
            case NEED_MORE -> { }
            case HTTP1 -> {
                facts.protocol = "http/1.1";
                ctx.pipeline().addAfter(NAME, Pipelines.HTTP_CODEC, Pipelines.serverCodec());
                ctx.pipeline().addAfter(Pipelines.HTTP_CODEC, Pipelines.FLOW_CONTROL, new FlowControlHandler());
                ctx.pipeline().addAfter(Pipelines.FLOW_CONTROL, Pipelines.FRONT, new HttpFront(context, facts,
                        HttpFront.Kind.TUNNEL, target, upstreamName, upstream));
                ctx.pipeline().remove(this);
            }
            case OTHER -> relayRaw(ctx, head, head.length);
        }
    }

    /**
     * Relays a non-HTTP stream. The FCM push channel (MCS) is decoded into push messages and channel events
     * instead of keeping its raw ends, which hold the channel's security token.
     */
    private void relayRaw(ChannelHandlerContext ctx, byte[] clientHead, int length) {
        handshakeDoneNanos = 0;
        if (McsRecorder.looksLikeMcs(clientHead, length, target)) {
            facts.protocol = "mcs";
            RawRelay.join(ctx.channel(), upstream, facts, 0, new McsRecorder(facts.key, context.sink), NAME);
        } else {
            facts.protocol = "raw";
            RawRelay.join(ctx.channel(), upstream, facts, context.options.maxBodyBytes(), null, NAME);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() != null
                && cause.getCause().getClass().getName().contains("SSL")) {
            handshakeDoneNanos = 0;
            handshakeFailed(ctx, cause.getCause());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /**
     * The alert that says the client refused trygr's certificate ({@code unknown_ca}, {@code bad_certificate},
     * {@code certificate_unknown}, {@code access_denied}), or null for any other handshake failure.
     */
    static String rejectionAlert(Throwable cause) {
        // the JDK says "Received fatal alert: unknown_ca", BoringSSL "...:TLSV1_ALERT_UNKNOWN_CA"
        String m = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        for (String alert : new String[] {"unknown_ca", "bad_certificate", "certificate_unknown", "access_denied"}) {
            if (m.contains(alert)) {
                return alert;
            }
        }
        return null;
    }
}
