package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts wire bytes in both directions at the head of a pipeline, before any TLS. Never touches ownership. */
final class ByteCounter extends ChannelDuplexHandler {
    private final ConnectionFacts facts;
    private final boolean clientSide;

    ByteCounter(ConnectionFacts facts, boolean clientSide) {
        this.facts = facts;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (clientSide) {
                facts.bytesFromClient += buf.readableBytes();
            } else {
                facts.bytesFromUpstream += buf.readableBytes();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (clientSide) {
                facts.bytesToClient += buf.readableBytes();
            } else {
                facts.bytesToUpstream += buf.readableBytes();
            }
        }
        ctx.write(msg, promise);
    }
}
