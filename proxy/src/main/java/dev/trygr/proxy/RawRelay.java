package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays opaque bytes between a client and its upstream: passthrough TLS, non-HTTP streams inside a tunnel,
 * and upgraded connections. Reads on one side only while the other can take more. Optionally records the first
 * and last bytes each way (up to the body limit) into the connection's facts, and shows every byte to an
 * observer (WebSocket messages, MCS frames).
 */
final class RawRelay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final RawTap tap;
    private final StreamObserver observer;
    private final boolean fromClient;
    private RawRelay partner;
    private ChannelHandlerContext ctx;

    private RawRelay(Channel peer, RawTap tap, StreamObserver observer, boolean fromClient) {
        this.peer = peer;
        this.tap = tap;
        this.observer = observer;
        this.fromClient = fromClient;
    }

    /**
     * Joins the two channels. The client handler goes after {@code afterClientHandler}; the upstream handler
     * goes before the upstream's guard (or last).
     *
     * @param recordBytes how many leading and trailing bytes to record each way, 0 for none
     * @param observer    shown every byte each way, or null
     */
    static void join(Channel client, Channel upstream, ConnectionFacts facts, long recordBytes,
                     StreamObserver observer, String afterClientHandler) {
        RawTap clientTap = recordBytes > 0 ? new RawTap(recordBytes) : null;
        RawTap upstreamTap = recordBytes > 0 ? new RawTap(recordBytes) : null;
        facts.rawFromClient = clientTap;
        facts.rawFromUpstream = upstreamTap;
        RawRelay fromClient = new RawRelay(upstream, clientTap, observer, true);
        RawRelay fromUpstream = new RawRelay(client, upstreamTap, observer, false);
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
        if (tap != null) {
            tap.tap(buf);
        }
        if (observer != null) {
            observer.observe(buf, fromClient);
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
        if (observer != null && fromClient) {
            observer.closed(); // once per relay: the client side always goes inactive
        }
        Pipelines.flushAndClose(peer);
        ctx.fireChannelInactive();
    }
}
