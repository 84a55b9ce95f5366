package dev.trygr.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * The last handler of every client and upstream pipeline: closes on idle timeout and on errors nobody handled,
 * records why, and releases any message that reached the end of the pipeline.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final ConnectionFacts facts;
    private final String side;

    ConnectionGuard(ConnectionFacts facts, String side) {
        this.facts = facts;
        this.side = side;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            facts.note(side + " idle timeout");
            ctx.close();
        } else if (evt instanceof SslCloseCompletionEvent) {
            ctx.close();   // the peer sent close_notify: the stream is over, even if TCP is still open
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            facts.note(UpstreamDialer.describe(side, cause));   // resets and broken pipes end connections
        } else {
            facts.fail(UpstreamDialer.describe(side, cause));
        }
        ctx.close();
    }
}
