package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays opaque bytes between a client and its upstream: passthrough TLS, non-HTTP streams inside a tunnel,
 * and upgraded connections. Reads on one side only while the other can take more. Optionally records the first
 * bytes each way (up to the body limit) into the connection's facts.
 */
final class RawRelay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final BodyTap head;
    private RawRelay partner;
    private ChannelHandlerContext ctx;

    private RawRelay(Channel peer, BodyTap head) {
        this.peer = peer;
        this.head = head;
    }

    /**
     * Joins the two channels. The client handler goes after {@code afterClientHandler}; the upstream handler
     * goes before the upstream's guard (or last).
     *
     * @param recordBytes how many leading bytes to record each way, 0 for none
     */
    static void join(Channel client, Channel upstream, ConnectionFacts facts, long recordBytes,
                     String afterClientHandler) {
        BodyTap clientHead = recordBytes > 0 ? new BodyTap(recordBytes, false) : null;
        BodyTap upstreamHead = recordBytes > 0 ? new BodyTap(recordBytes, false) : null;
        facts.rawClientHead = clientHead;
        facts.rawUpstreamHead = upstreamHead;
        RawRelay fromClient = new RawRelay(upstream, clientHead);
        RawRelay fromUpstream = new RawRelay(client, upstreamHead);
        fromClient.partner = fromUpstream;
        fromUpstream.partner = fromClient;
        if (upstream.pipeline().get(Pipelines.GUARD) != null) {
            upstream.pipeline().addBefore(Pipelines.GUARD, "relay", fromUpstream);
        } else {
            upstream.pipeline().addLast("relay", fromUpstream);
            upstream.pipeline().addLast(Pipelines.GUARD, new ConnectionGuard(facts, "upstream"));
        }
        client.pipeline().addAfter(afterClientHandler, "relay", fromClient);
        HeldBytes.release(upstream);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (head != null) {
            head.tap(buf);
        }
        if (!peer.isActive()) {
            buf.release();
            return;
        }
        peer.writeAndFlush(buf);
        if (peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && partner.ctx != null) {
            partner.ctx.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Pipelines.flushAndClose(peer);
        ctx.fireChannelInactive();
    }
}
