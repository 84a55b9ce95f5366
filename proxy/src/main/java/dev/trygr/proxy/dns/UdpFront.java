package dev.trygr.proxy.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;

/**
 * The UDP listener's only handler: copies each datagram out (and releases it), hands it to the router, and sends
 * answers back to the datagram's sender. The channel reads into buffers of {@code MAX_QUERY_BYTES + 1}, so a
 * datagram that fills one was longer than the limit (the kernel cut the rest) and is dropped as oversized.
 * Errors never close the listener.
 */
final class UdpFront extends ChannelInboundHandlerAdapter {
    static final int RECEIVE_BUFFER = QueryRouter.MAX_QUERY_BYTES + 1;

    private final QueryRouter router;

    UdpFront(QueryRouter router) {
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket datagram)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        QueryRouter.Arrival arrival = QueryRouter.Arrival.now("udp", datagram.sender(), datagram.recipient());
        byte[] packet;
        int idOfOversized = -1;
        try {
            ByteBuf content = datagram.content();
            if (content.readableBytes() > QueryRouter.MAX_QUERY_BYTES) {
                idOfOversized = content.getUnsignedShort(content.readerIndex());
                packet = null;
            } else {
                packet = ByteBufUtil.getBytes(content);
            }
        } finally {
            datagram.release();
        }
        if (packet == null) {
            router.malformed(arrival, idOfOversized,
                    "oversized: more than " + QueryRouter.MAX_QUERY_BYTES + " bytes");
            return;
        }
        router.route(arrival, packet, new Reply(ctx, datagram.sender()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. an ICMP error for an earlier answer: nothing to do, and the listener must stay up for others
    }

    private record Reply(ChannelHandlerContext ctx, InetSocketAddress client) implements QueryRouter.ReplyPath {
        @Override
        public EventLoop loop() {
            return ctx.channel().eventLoop();
        }

        @Override
        public void send(byte[] message) {
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message), client));
        }

        @Override
        public void drop() {
        }
    }
}
