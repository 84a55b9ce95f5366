package dev.trygr.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/** The upstream side of an HTTP exchange: a thin adapter that hands everything to its {@link HttpFront}. */
final class HttpBack extends ChannelInboundHandlerAdapter {
    private final HttpFront front;

    HttpBack(HttpFront front) {
        this.front = front;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response) {
            front.onResponseHead(ctx.channel(), response);   // takes ownership, also of a full (failed) message
        } else if (msg instanceof HttpContent content) {
            front.onResponseContent(ctx.channel(), content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            front.upstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        front.upstreamClosed(ctx.channel());
        ctx.fireChannelInactive();
    }
}
