package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Keeps what an upstream sends between the end of its TLS handshake and the moment a consumer (HTTP or raw
 * relay) is attached, so a server that speaks first loses nothing. Removing it hands the kept bytes on.
 * It never asks for more reads on its own.
 */
final class HeldBytes extends ByteToMessageDecoder {
    static final String NAME = "upstream-held";

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // keep everything until removed
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    /** Removes the holder from {@code channel} if it is there; what it kept flows to the next handler. */
    static void release(Channel channel) {
        if (channel.pipeline().get(NAME) != null) {
            channel.pipeline().remove(NAME);
        }
    }
}
