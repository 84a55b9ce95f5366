package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
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
 */
final class StreamPeek extends ByteToMessageDecoder {
    static final String NAME = "stream-peek";

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final HostPort target;
    private final String serverName;
    private final Channel upstream;

    StreamPeek(ProxyContext context, ConnectionFacts facts, HostPort target, String serverName, Channel upstream) {
        this.context = context;
        this.facts = facts;
        this.target = target;
        this.serverName = serverName;
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
                ctx.read();
            } else {
                facts.fail(clientHandshakeFailure(done.cause()));
                upstream.close();
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), 32);
        byte[] head = new byte[n];
        in.getBytes(in.readerIndex(), head);
        switch (StreamSniff.classify(head, n)) {
            case NEED_MORE -> { }
            case HTTP1 -> {
                facts.protocol = "http/1.1";
                ctx.pipeline().addAfter(NAME, Pipelines.HTTP_CODEC, Pipelines.serverCodec());
                ctx.pipeline().addAfter(Pipelines.HTTP_CODEC, Pipelines.FLOW_CONTROL, new FlowControlHandler());
                ctx.pipeline().addAfter(Pipelines.FLOW_CONTROL, Pipelines.FRONT, new HttpFront(context, facts,
                        HttpFront.Kind.TUNNEL, target, serverName, upstream));
                ctx.pipeline().remove(this);
            }
            case OTHER -> {
                facts.protocol = "raw";
                RawRelay.join(ctx.channel(), upstream, facts, context.options.maxBodyBytes(), null, NAME);
                ctx.pipeline().remove(this);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() != null
                && cause.getCause().getClass().getName().contains("SSL")) {
            facts.fail(clientHandshakeFailure(cause.getCause()));
            upstream.close();
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** Names the common cause: the client does not trust trygr's CA (or pins its certificates). */
    static String clientHandshakeFailure(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("certificate_unknown") || m.contains("unknown_ca") || m.contains("bad_certificate")
                || m.contains("access_denied")) {
            return "client rejected trygr's certificate (" + m.replaceAll(".*fatal alert: ", "")
                    + "): it does not trust the trygr CA, or it pins its server's certificate";
        }
        return "client TLS handshake failed: " + m;
    }
}
