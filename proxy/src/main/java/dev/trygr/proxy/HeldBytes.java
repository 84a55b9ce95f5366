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

    private Runnable onFirstBytes;

    /**
     * Runs {@code action} (on the channel's event loop) when the upstream sends its first bytes while held, or at
     * once if it already has: how a relay learns that the server speaks first.
     */
    static void whenUpstreamSpeaks(Channel channel, Runnable action) {
        if (channel.pipeline().get(NAME) instanceof HeldBytes held) {
            if (held.actualReadableBytes() > 0) {
                action.run();
            } else {
                held.onFirstBytes = action;
            }
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // keep everything until removed
        Runnable action = onFirstBytes;
        if (action != null && in.isReadable()) {
            onFirstBytes = null;
            action.run();
        }
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
