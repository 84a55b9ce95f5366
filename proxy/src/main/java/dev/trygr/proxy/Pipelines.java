package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

import java.nio.charset.StandardCharsets;

/** Names and factories for the handlers every pipeline shares, so that later surgery can find them. */
final class Pipelines {
    static final String CLIENT_COUNTER = "client-bytes";
    static final String IDLE = "idle";
    static final String HTTP_CODEC = "http-codec";
    static final String FLOW_CONTROL = "flow-control";
    static final String FRONT = "front";
    static final String CLIENT_TLS = "client-tls";
    static final String GUARD = "guard";

    static final int MAX_INITIAL_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_CHUNK = 64 * 1024;

    private Pipelines() {
    }

    static HttpServerCodec serverCodec() {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(MAX_CHUNK));
    }

    static HttpClientCodec clientCodec() {
        return new HttpClientCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES * 4)
                .setMaxChunkSize(MAX_CHUNK), false, false);
    }

    /**
     * Writes a complete HTTP/1.1 response (through the codec when there is one, else as raw bytes) and closes. Only for answers trygr gives as a proxy
     * (CONNECT replies, bad requests), never inside an intercepted tunnel.
     */
    static void answerAndClose(Channel channel, int status, String reasonPhrase, String text) {
        byte[] body = ("trygr: " + text + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel.pipeline().get(HTTP_CODEC) != null) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    new HttpResponseStatus(status, reasonPhrase), Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String head = "HTTP/1.1 " + status + " " + reasonPhrase + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuf buf = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        channel.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }

    static void flushAndClose(Channel channel) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
