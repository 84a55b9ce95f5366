package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Inside an accepted CONNECT: reads the client's ClientHello without consuming it, decides between
 * interception and passthrough (a tunnel that carries no TLS is relayed as plain HTTP or bytes), and for interception first completes verified TLS to the upstream and forges a
 * certificate for the name (off the event loop), then hands the ClientHello to a server-side SslHandler. If the
 * upstream cannot be verified the client connection is closed; it never gets an answer trygr made up.
 */
final class TlsFront extends ByteToMessageDecoder {
    static final String NAME = "tls-front";

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final HostPort target;
    private final Channel upstream;
    /** The name to send upstream in SNI and verify, when it is not the leaf's (reverse modes); else null. */
    private final String upstreamName;
    private boolean decided;

    TlsFront(ProxyContext context, ConnectionFacts facts, HostPort target, Channel upstream) {
        this(context, facts, target, upstream, null);
    }

    TlsFront(ProxyContext context, ConnectionFacts facts, HostPort target, Channel upstream, String upstreamName) {
        this.context = context;
        this.facts = facts;
        this.target = target;
        this.upstream = upstream;
        this.upstreamName = upstreamName;
    }

    /** A copy of as many of {@code in}'s first bytes as {@link ClientHello#peek} may want; {@code in} is left as is. */
    static byte[] helloHead(ByteBuf in) {
        return ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), ClientHello.maxPeekBytes()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return;
        }
        byte[] head = helloHead(in);
        ClientHello.Peek peek = ClientHello.peek(head, head.length);
        if (peek instanceof ClientHello.Peek.NotTls) {
            StreamSniff.Verdict verdict = StreamSniff.classify(head, head.length);
            if (verdict == StreamSniff.Verdict.NEED_MORE) {
                ctx.read();
                return;
            }
            decided = true;
            notTls(ctx, verdict == StreamSniff.Verdict.HTTP1);
        } else if (peek instanceof ClientHello.Peek.Parsed parsed) {
            decided = true;
            ClientHello hello = parsed.hello();
            facts.sni = hello.sni();
            String name = hello.sni() != null ? hello.sni() : upstreamName != null ? upstreamName : target.host();
            if (!context.options.intercept().intercepts(name)) {
                passthrough(ctx, hello, "--passthrough " + name);
            } else if (context.rejections.contains(facts.clientAddress, name)) {
                passthrough(ctx, hello, "auto-passthrough: this client rejected trygr's certificate for " + name
                        + " earlier");
            } else {
                intercept(ctx, name);
            }
        }
    }

    /**
     * A tunnel that does not carry TLS is a plain TCP tunnel, as with any CONNECT proxy ({@code trygr run} sends
     * every connection of a process this way, {@code http://} and {@code ws://} included): HTTP is proxied and
     * recorded as HTTP, anything else relayed and recorded as a byte stream.
     */
    private void notTls(ChannelHandlerContext ctx, boolean http) {
        facts.outcome = ConnectionOutcome.PLAIN;
        if (http) {
            facts.protocol = "http/1.1";
            ctx.pipeline().addAfter(ctx.name(), Pipelines.HTTP_CODEC, Pipelines.serverCodec());
            ctx.pipeline().addAfter(Pipelines.HTTP_CODEC, Pipelines.FLOW_CONTROL, new FlowControlHandler());
            ctx.pipeline().addAfter(Pipelines.FLOW_CONTROL, Pipelines.FRONT, new HttpFront(context, facts,
                    HttpFront.Kind.PLAIN_TO, target, null, upstream));
        } else {
            facts.protocol = "raw";
            RawRelay.join(ctx.channel(), upstream, facts, context.options.maxBodyBytes(), null, ctx.name());
        }
        ctx.pipeline().remove(this);   // the bytes kept so far flow on
    }

    private void passthrough(ChannelHandlerContext ctx, ClientHello hello, String why) {
        facts.outcome = ConnectionOutcome.PASSTHROUGH;
        facts.reason = why;
        facts.alpn = hello.alpn().isEmpty() ? null : String.join(",", hello.alpn());
        RawRelay.join(ctx.channel(), upstream, facts, 0, null, ctx.name());
        ctx.pipeline().remove(this);
    }

    private void intercept(ChannelHandlerContext ctx, String name) {
        Channel client = ctx.channel();
        SslContext[] forged = new SslContext[1];
        boolean[] upstreamReady = new boolean[1];
        Runnable proceedWhenBoth = () -> {
            if (forged[0] != null && upstreamReady[0] && client.isActive()) {
                installServerTls(ctx, forged[0], name);
            }
        };
        String upstreamSni = upstreamName != null ? upstreamName : name;
        context.dialer.startTls(upstream, upstreamSni, target.port()).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, UpstreamDialer.describe("upstream TLS for " + upstreamSni, f.cause()));
                return;
            }
            upstreamReady[0] = true;
            proceedWhenBoth.run();
        });
        context.forged.contextFor(name).whenComplete((sslContext, error) -> client.eventLoop().execute(() -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                fail(ctx, "forging a certificate for " + name + " failed: " + cause.getMessage());
                return;
            }
            forged[0] = sslContext;
            proceedWhenBoth.run();
        }));
    }

    private void installServerTls(ChannelHandlerContext ctx, SslContext sslContext, String name) {
        facts.outcome = ConnectionOutcome.INTERCEPTED;
        SslHandler server = sslContext.newHandler(ctx.alloc());
        server.setHandshakeTimeoutMillis(context.options.connectTimeout().toMillis());
        ctx.pipeline().addAfter(ctx.name(), Pipelines.CLIENT_TLS, server);
        ctx.pipeline().addAfter(Pipelines.CLIENT_TLS, StreamPeek.NAME,
                new StreamPeek(context, facts, target, name, upstreamName != null ? upstreamName : name, upstream));
        ctx.pipeline().remove(this);   // the ClientHello we kept flows into the SslHandler
        ctx.channel().read();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        facts.fail(reason);
        upstream.close();
        ctx.close();
    }
}
