package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * A CONNECT accepted by {@link HttpFront}: dials the target, keeps whatever the client sends meanwhile (it may
 * start its TLS handshake before the 200), then answers 200 and hands the tunnel to {@link TlsFront}. An
 * unreachable target gets the one response trygr may make up, a 502.
 */
final class ConnectFront extends ChannelInboundHandlerAdapter {
    static final String NAME = "connect-front";

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final HostPort target;
    private CompositeByteBuf early;

    ConnectFront(ProxyContext context, ConnectionFacts facts, HostPort target) {
        this.context = context;
        this.facts = facts;
        this.target = target;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        facts.target = target;
        ChannelFuture dial = context.dialer.dial(ctx.channel().eventLoop(), target, facts);
        dial.addListener(f -> {
            if (!f.isSuccess()) {
                String reason = UpstreamDialer.describe("connect " + target, f.cause());
                facts.fail(reason);
                releaseEarly();
                if (ctx.channel().isActive()) {
                    Pipelines.answerAndClose(ctx.channel(), 502, "Bad Gateway", reason);
                }
                return;
            }
            if (!ctx.channel().isActive() || ctx.isRemoved()) {
                dial.channel().close();
                return;
            }
            established(ctx, dial.channel());
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            if (early == null) {
                early = ctx.alloc().compositeBuffer();
            }
            early.addComponent(true, bytes);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void established(ChannelHandlerContext ctx, io.netty.channel.Channel upstream) {
        ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 Connection established\r\n\r\n",
                StandardCharsets.US_ASCII));
        ctx.pipeline().addAfter(ctx.name(), TlsFront.NAME, new TlsFront(context, facts, target, upstream));
        ByteBuf kept = early;
        early = null;
        if (kept != null) {
            ctx.fireChannelRead(kept);
        }
        ctx.pipeline().remove(this);
        ctx.channel().read();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    private void releaseEarly() {
        if (early != null) {
            early.release();
            early = null;
        }
    }
}
