package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Inside an accepted CONNECT: reads the client's ClientHello without consuming it, decides between
 * interception and passthrough, and for interception first completes verified TLS to the upstream and forges a
 * certificate for the name (off the event loop), then hands the ClientHello to a server-side SslHandler. If the
 * upstream cannot be verified the client connection is closed; it never gets an answer trygr made up.
 */
final class TlsFront extends ByteToMessageDecoder {
    static final String NAME = "tls-front";

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final HostPort target;
    private final Channel upstream;
    private boolean decided;

    TlsFront(ProxyContext context, ConnectionFacts facts, HostPort target, Channel upstream) {
        this.context = context;
        this.facts = facts;
        this.target = target;
        this.upstream = upstream;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return;
        }
        int n = Math.min(in.readableBytes(), ClientHello.maxPeekBytes());
        byte[] head = new byte[n];
        in.getBytes(in.readerIndex(), head);
        ClientHello.Peek peek = ClientHello.peek(head, n);
        if (peek instanceof ClientHello.Peek.NotTls notTls) {
            decided = true;
            in.skipBytes(in.readableBytes());
            facts.fail("expected a TLS ClientHello after CONNECT, got " + notTls.reason());
            upstream.close();
            ctx.close();
        } else if (peek instanceof ClientHello.Peek.Parsed parsed) {
            decided = true;
            ClientHello hello = parsed.hello();
            facts.sni = hello.sni();
            String name = hello.sni() != null ? hello.sni() : target.host();
            if (context.options.intercept().intercepts(name)) {
                intercept(ctx, name);
            } else {
                passthrough(ctx);
            }
        }
    }

    private void passthrough(ChannelHandlerContext ctx) {
        facts.outcome = ConnectionOutcome.PASSTHROUGH;
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
        context.dialer.startTls(upstream, name, target.port()).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, UpstreamDialer.describe("upstream TLS for " + name, f.cause()));
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
                new StreamPeek(context, facts, target, name, upstream));
        ctx.pipeline().remove(this);   // the ClientHello we kept flows into the SslHandler
        ctx.channel().read();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        facts.fail(reason);
        upstream.close();
        ctx.close();
    }
}
