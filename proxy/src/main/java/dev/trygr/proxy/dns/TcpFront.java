package dev.trygr.proxy.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One TCP client (RFC 7766): reads two-byte-length-prefixed queries, possibly several pipelined, and writes each
 * answer as soon as it is ready, in whatever order. A message longer than {@code MAX_QUERY_BYTES}, an unreadable
 * one, or one cut off by the client closing is recorded as malformed and ends the connection. An idle client (no
 * reads or writes for the idle timeout, nothing pending) is disconnected; so is one that half-closed, once its
 * pending answers are written. The cumulation buffer belongs to {@link ByteToMessageDecoder}, which releases it;
 * each query is copied out of it.
 */
final class TcpFront extends ByteToMessageDecoder implements QueryRouter.ReplyPath {
    private final QueryRouter router;
    private ChannelHandlerContext ctx;
    private int pending;
    private boolean inputClosed;
    private boolean ending;

    TcpFront(QueryRouter router) {
        this.router = router;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        super.handlerAdded(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (!ending && in.readableBytes() >= 2) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (length > QueryRouter.MAX_QUERY_BYTES) {
                in.skipBytes(in.readableBytes());
                malformed(-1, "oversized: TCP length prefix " + length + " exceeds the "
                        + QueryRouter.MAX_QUERY_BYTES + "-byte limit");
                return;
            }
            if (in.readableBytes() < 2 + length) {
                return;
            }
            in.skipBytes(2);
            byte[] query = new byte[length];
            in.readBytes(query);
            pending++;
            if (!router.route(arrival(), query, this)) {
                end();
            }
        }
        if (ending) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        decode(context, in, out);
        if (!ending && in.isReadable()) {
            int have = in.readableBytes();
            String expected = have >= 2 ? " of " + in.getUnsignedShort(in.readerIndex()) : "";
            int id = have >= 4 ? in.getUnsignedShort(in.readerIndex() + 2) : -1;
            in.skipBytes(have);
            malformed(id, "truncated: the connection ended after " + Math.max(0, have - 2) + expected
                    + " bytes of a message");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (pending == 0) {
                context.close();
            }
            ReferenceCountUtil.release(evt);
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            super.userEventTriggered(context, evt);   // runs decodeLast on what is buffered
            if (pending == 0) {
                context.close();
            }
            return;
        }
        super.userEventTriggered(context, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();   // resets, broken pipes: the client is gone
    }

    @Override
    public EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void send(byte[] message) {
        pending--;
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf framed = Unpooled.buffer(2 + message.length).writeShort(message.length).writeBytes(message);
        ChannelFuture written = ctx.writeAndFlush(framed);
        if (inputClosed && pending == 0) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void drop() {
        pending--;
        closeIfDone();
    }

    private void closeIfDone() {
        if (inputClosed && pending == 0) {
            ctx.close();
        }
    }

    private void malformed(int id, String error) {
        router.malformed(arrival(), id, error);
        end();
    }

    private void end() {
        ending = true;
        ctx.close();
    }

    private QueryRouter.Arrival arrival() {
        return QueryRouter.Arrival.now("tcp", (InetSocketAddress) ctx.channel().remoteAddress(),
                (InetSocketAddress) ctx.channel().localAddress());
    }
}
