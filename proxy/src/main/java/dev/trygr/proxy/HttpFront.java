package dev.trygr.proxy;

import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.proxy.ws.WsHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;


/**
 * The client side of HTTP/1.1 on one connection: explicit-proxy requests (absolute-form and CONNECT) or the
 * requests inside an intercepted tunnel. Exchanges run one at a time: the next request is read only when the
 * previous response has been relayed, which answers pipelined requests in order. Bodies stream; reads on each
 * side are driven by the other side's writability.
 */
final class HttpFront extends ChannelDuplexHandler {

    enum Kind {
        /** A regular-mode listener: absolute-form requests and CONNECT. */
        EXPLICIT,
        /** Requests inside intercepted TLS, all to the tunnel's target. */
        TUNNEL,
        /** Plain HTTP to one fixed upstream (reverse:http, reverse:tcp carrying HTTP). */
        PLAIN_TO,
        /**
         * Plain HTTP on a transparent listener: each request goes where its Host header says; a Host without a port
         * means the listener's port (DNS redirection keeps ports), passed as the target's port.
         */
        BY_HOST
    }

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final Kind kind;
    /** Where a tunnel goes, and the name its TLS is for; null in explicit mode. */
    private final HostPort tunnelTarget;
    private final String tunnelServerName;

    private ChannelHandlerContext ctx;
    private Channel upstream;
    private HostPort upstreamTarget;
    private Exchange exchange;
    private HttpRequest pendingHead;
    private boolean informational;
    /** A CONNECT handed the connection to a {@link ConnectFront}: pass everything on. */
    private boolean handedOver;

    HttpFront(ProxyContext context, ConnectionFacts facts, Kind kind, HostPort tunnelTarget,
              String tunnelServerName, Channel tunnelUpstream) {
        this.context = context;
        this.facts = facts;
        this.kind = kind;
        this.tunnelTarget = tunnelTarget;
        this.tunnelServerName = tunnelServerName;
        if (tunnelUpstream != null) {
            this.upstream = tunnelUpstream;
            this.upstreamTarget = tunnelTarget;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (upstream != null) {
            attachBack(upstream);
        }
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handedOver) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof HttpRequest request) {
            onRequestHead(request);
        } else if (msg instanceof HttpContent content) {
            onRequestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---- requests --------------------------------------------------------------------------------------

    private void onRequestHead(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        if (kind == Kind.EXPLICIT && HttpMethod.CONNECT.equals(request.method())) {
            startTunnel(request);
            return;
        }
        HostPort target;
        String scheme;
        String uriAsSent = request.uri();
        if (kind == Kind.TUNNEL) {
            target = tunnelTarget;
            scheme = "https";
        } else if (kind == Kind.PLAIN_TO) {
            target = tunnelTarget;
            scheme = "http";
        } else if (kind == Kind.BY_HOST) {
            String host = request.headers().get(HttpHeaderNames.HOST);
            try {
                target = HostPort.parse(host == null ? "" : host.strip(), tunnelTarget.port());
            } catch (IllegalArgumentException e) {
                reject(400, "Bad Request", host == null ? "a request without a Host header cannot be routed"
                        : "cannot route by Host header: " + e.getMessage());
                return;
            }
            scheme = "http";
            facts.target = target;
        } else {
            AbsoluteUri uri = AbsoluteUri.parse(uriAsSent);
            if (uri == null) {
                reject(400, "Bad Request", "this is a proxy: send absolute-form requests (http://host/path) "
                        + "or CONNECT, not '" + clip(uriAsSent) + "'");
                return;
            }
            if (!uri.scheme().equals("http")) {
                reject(400, "Bad Request", "use CONNECT for " + uri.scheme() + " URLs");
                return;
            }
            target = uri.target();
            scheme = "http";
            facts.outcome = facts.outcome == null ? ConnectionOutcome.PLAIN : facts.outcome;
            facts.protocol = "http/1.1";
            facts.target = target;
        }
        exchange = new Exchange(scheme, target, request, uriAsSent, context.options.maxBodyBytes(),
                HttpUtil.isKeepAlive(request));   // records the request as the client sent it
        context.exchangesInFlight.incrementAndGet();
        if (kind == Kind.EXPLICIT) {
            // to the origin: origin-form, and without the headers that were addressed to the proxy
            request.setUri(Exchange.originForm(uriAsSent));
            request.headers().remove("Proxy-Connection");
            request.headers().remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        }
        if (upstream != null && upstream.isActive() && target.equals(upstreamTarget)) {
            sendHead(request);
        } else {
            closeUpstream();
            pendingHead = request;
            dialFor(target);
        }
    }

    private void onRequestContent(HttpContent content) {
        if (exchange == null || exchange.requestComplete()) {
            content.release();
            if (exchange == null && content instanceof LastHttpContent) {
                ctx.read();
            }
            return;
        }
        exchange.requestBody.tap(content.content());
        boolean last = content instanceof LastHttpContent;
        if (last) {
            exchange.requestDone();
        }
        if (upstream != null && upstream.isActive()) {
            upstream.writeAndFlush(content);
        } else {
            content.release();
        }
        if (!last) {
            readClientWhenUpstreamWritable();
        }
    }

    private void sendHead(HttpRequest request) {
        upstream.writeAndFlush(request);
        upstream.read();
        readClientWhenUpstreamWritable();
    }

    private void readClientWhenUpstreamWritable() {
        if (upstream != null && upstream.isWritable()) {
            ctx.read();
        }
    }

    /** Called by {@link HttpBack} when the upstream can take more. */
    void upstreamWritable() {
        if (exchange != null && !exchange.requestComplete()) {
            ctx.read();
        }
    }

    private void dialFor(HostPort target) {
        boolean tls = kind == Kind.TUNNEL;
        ChannelFuture dial = context.dialer.dial(ctx.channel().eventLoop(), target, facts);
        dial.addListener(f -> {
            if (!f.isSuccess()) {
                upstreamFailed(UpstreamDialer.describe("connect " + target, f.cause()));
                return;
            }
            if (!tls) {
                upstreamReady(dial.channel(), target);
                return;
            }
            context.dialer.startTls(dial.channel(), tunnelServerName, target.port()).addListener(t -> {
                if (t.isSuccess()) {
                    upstreamReady(dial.channel(), target);
                } else {
                    dial.channel().close();
                    upstreamFailed(UpstreamDialer.describe("TLS to " + tunnelServerName, t.cause()));
                }
            });
        });
    }

    private void upstreamReady(Channel channel, HostPort target) {
        if (!ctx.channel().isActive() || pendingHead == null) {
            channel.close();
            return;
        }
        upstream = channel;
        upstreamTarget = target;
        attachBack(channel);
        HttpRequest head = pendingHead;
        pendingHead = null;
        sendHead(head);
    }

    private void attachBack(Channel channel) {
        channel.pipeline().addLast("http-codec", Pipelines.clientCodec());
        channel.pipeline().addLast("back", new HttpBack(this));
        channel.pipeline().addLast(Pipelines.GUARD, new ConnectionGuard(facts, "upstream"));
        HeldBytes.release(channel);
    }

    /** The upstream could not be reached: a proxy may say so with 502, a tunnel just closes. */
    private void upstreamFailed(String reason) {
        pendingHead = null;
        facts.fail(reason);
        abortExchange(reason);
    }

    // ---- responses (called by HttpBack on the same event loop) ------------------------------------------

    void onResponseHead(Channel from, HttpResponse response) {
        if (from != upstream || exchange == null) {
            ReferenceCountUtil.release(response);
            from.close();
            return;
        }
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            facts.fail("upstream sent a malformed response: " + response.decoderResult().cause().getMessage());
            abortExchange("malformed response from upstream");
            return;
        }
        int code = response.status().code();
        informational = code >= 100 && code < 200 && code != 101;
        if (!informational) {
            exchange.responseHead(response, context.options.maxBodyBytes());
        }
        ctx.write(response);
        readUpstreamWhenClientWritable();
    }

    void onResponseContent(Channel from, HttpContent content) {
        if (from != upstream || exchange == null) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            ctx.writeAndFlush(content);
            if (last) {
                informational = false;
            }
            readUpstreamWhenClientWritable();
            return;
        }
        exchange.responseBody.tap(content.content());
        if (!last) {
            ctx.writeAndFlush(content);
            readUpstreamWhenClientWritable();
            return;
        }
        completeExchange((LastHttpContent) content);
    }

    private void readUpstreamWhenClientWritable() {
        if (upstream != null && ctx.channel().isWritable()) {
            upstream.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null && exchange != null) {
            upstream.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Records the exchange, then writes its last bytes: a client that saw the response finds it recorded. */
    private void completeExchange(LastHttpContent last) {
        Exchange completed = exchange;
        HttpResponse response = exchange.response;
        boolean switching = response.status().code() == 101;
        boolean delimited = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response)
                || exchange.head || response.status().code() == 204 || response.status().code() == 304;
        // An upstream that answered before the request body was all sent is mid-request: not reusable.
        boolean upstreamReusable = HttpUtil.isKeepAlive(response) && delimited && !switching
                && exchange.requestComplete();
        boolean clientKeepAlive = exchange.requestKeepAlive && upstreamReusable && !context.stopping;
        context.sink.submit(exchange.complete(facts.clientAddress, facts.clientPort, facts.key, null));
        context.exchangesInFlight.decrementAndGet();
        exchange = null;
        ctx.writeAndFlush(last);
        if (switching) {
            switchToRaw(completed);
            return;
        }
        if (!upstreamReusable) {
            closeUpstream();
        } else if (upstream != null) {
            upstream.read();   // keep a read pending so an idle upstream's close is noticed
        }
        if (clientKeepAlive) {
            readNextRequest(CaptureSink.MOST_PACING_MILLIS);
        } else {
            Pipelines.flushAndClose(ctx.channel());
        }
    }

    /**
     * Reads the next request of a keep-alive connection; while the recorder is {@link CaptureSink#behind() behind},
     * first waits on the event loop's timer, a millisecond at a time, {@code patience} times at most.
     */
    private void readNextRequest(int patience) {
        if (patience <= 0 || !context.sink.behind() || !ctx.channel().isActive()) {
            ctx.read();
            return;
        }
        ctx.executor().schedule(() -> readNextRequest(patience - 1), 1, TimeUnit.MILLISECONDS);
    }

    /**
     * After 101 Switching Protocols both sides carry opaque bytes. A WebSocket's messages are recorded (its raw
     * bytes are not: they would duplicate the payloads, unredacted); anything else keeps its first and last bytes.
     */
    private void switchToRaw(Exchange upgraded) {
        Channel up = upstream;
        upstream = null;
        WsHandshake ws = WsHandshake.accepted(upgraded.requestHeaders, upgraded.response.status().code(),
                upgraded.responseHeaders);
        long recordBytes = context.options.maxBodyBytes();
        StreamObserver observer = null;
        if (ws != null) {
            facts.protocol = "websocket";
            recordBytes = 0;
            observer = new WebSocketRecorder(facts, context.sink, ws, context.options.maxBodyBytes());
        } else {
            facts.protocol = "raw";
        }
        // Both encoders go first: a decoder being removed hands the bytes it holds (frames that came with the 101)
        // to the relay, which writes them to the other side at once, where an HTTP encoder would refuse them.
        if (up.pipeline().get("http-codec") instanceof CombinedChannelDuplexHandler<?, ?> upstreamCodec) {
            upstreamCodec.removeOutboundHandler();
        }
        if (ctx.pipeline().get(Pipelines.HTTP_CODEC) instanceof CombinedChannelDuplexHandler<?, ?> clientCodec) {
            clientCodec.removeOutboundHandler();
        }
        // The relay goes in next, so bytes the decoders still hold flow into it when they are removed.
        RawRelay.join(ctx.channel(), up, facts, recordBytes, observer, ctx.name());
        up.pipeline().remove(HttpBack.class);
        up.pipeline().remove("http-codec");
        ChannelHandlerContext self = ctx;
        self.pipeline().remove(this);
        self.pipeline().remove(Pipelines.FLOW_CONTROL);
        self.pipeline().remove(Pipelines.HTTP_CODEC);
    }

    /** The upstream channel closed. Mid-exchange that is a failure the client sees as a closed connection. */
    void upstreamClosed(Channel channel) {
        if (channel != upstream) {
            return;
        }
        upstream = null;
        if (exchange != null && pendingHead == null) {
            String where = exchange.response == null ? "before responding" : "during the response body";
            abortExchange("upstream closed the connection " + where);
        }
    }

    private void abortExchange(String error) {
        boolean responseStarted = exchange != null && exchange.response != null;
        finishExchange(error);
        closeUpstream();
        if (kind == Kind.EXPLICIT && !responseStarted && ctx.channel().isActive()) {
            Pipelines.answerAndClose(ctx.channel(), 502, "Bad Gateway", error);
        } else {
            ctx.close();
        }
    }

    private void finishExchange(String error) {
        if (exchange != null) {
            context.sink.submit(exchange.complete(facts.clientAddress, facts.clientPort, facts.key, error));
            context.exchangesInFlight.decrementAndGet();
            exchange = null;
        }
    }

    private void closeUpstream() {
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            up.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            String where = exchange.requestComplete() ? "before the response was complete" : "during the request";
            finishExchange("client closed the connection " + where);
        }
        closeUpstream();
        ctx.fireChannelInactive();
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    private void rejectMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            reject(431, "Request Header Fields Too Large", "request headers exceed "
                    + Pipelines.MAX_HEADER_BYTES / 1024 + " KiB");
        } else if (cause instanceof TooLongHttpLineException) {
            reject(414, "URI Too Long", "request line exceeds " + Pipelines.MAX_INITIAL_LINE / 1024 + " KiB");
        } else if (cause instanceof TooLongFrameException) {
            reject(400, "Bad Request", cause.getMessage());
        } else {
            reject(400, "Bad Request", "malformed request: " + (cause == null ? "unknown" : cause.getMessage()));
        }
    }

    private void reject(int status, String reason, String text) {
        facts.fail("bad request: " + status + " " + text);
        finishExchange("rejected: " + text);
        closeUpstream();
        Pipelines.answerAndClose(ctx.channel(), status, reason, text);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    // ---- CONNECT ---------------------------------------------------------------------------------------

    /** From here on the client speaks TLS (or something else), not HTTP: a {@link ConnectFront} takes over. */
    private void startTunnel(HttpRequest request) {
        HostPort target;
        try {
            target = HostPort.parse(request.uri(), -1);
        } catch (IllegalArgumentException e) {
            reject(400, "Bad Request", "malformed CONNECT authority: " + e.getMessage());
            return;
        }
        ReferenceCountUtil.release(request);
        handedOver = true;   // bytes the HTTP decoder still holds pass on to the ConnectFront
        ctx.pipeline().addAfter(ctx.name(), ConnectFront.NAME, new ConnectFront(context, facts, target));
        ChannelHandlerContext self = ctx;
        self.pipeline().remove(Pipelines.HTTP_CODEC);
        self.pipeline().remove(Pipelines.FLOW_CONTROL);
        self.pipeline().remove(this);
    }
}
