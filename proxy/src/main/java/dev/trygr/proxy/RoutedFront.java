package dev.trygr.proxy;

import dev.trygr.capture.ConnectionOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.flow.FlowControlHandler;

import java.util.List;
import java.util.function.Consumer;

/**
 * The first handler on a transparent or reverse listener: reads just enough of the client's first bytes for
 * {@link Routing} to decide, then dials the upstream and hands the connection (and every byte kept so far) to the
 * handler that carries it: {@link TlsFront} for TLS, {@link HttpFront} for plain HTTP, {@link RawRelay} for a
 * byte stream. Nothing is answered on the client's behalf: a connection that cannot be routed is closed.
 */
final class RoutedFront extends ByteToMessageDecoder {
    static final String NAME = "routed-front";

    private final ProxyContext context;
    private final ConnectionFacts facts;
    private final ModeSpec mode;
    private final int listenPort;
    /** A reverse tls/tcp upstream is known up front: dialled at accept, while the client gets going. */
    private ChannelFuture early;
    private boolean decided;

    RoutedFront(ProxyContext context, ConnectionFacts facts, ModeSpec mode, int listenPort) {
        this.context = context;
        this.facts = facts;
        this.mode = mode;
        this.listenPort = listenPort;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        ModeSpec.ReverseTarget reverse = mode.reverse();
        if (early == null && reverse != null && !reverse.scheme().equals("http")) {
            early = dial(ctx, reverse.upstream());
            early.addListener(f -> {
                if (!f.isSuccess() && !decided) {   // as a direct connection would: the client sees it fail
                    decided = true;
                    facts.fail(UpstreamDialer.describe("connect " + reverse.upstream(), f.cause()));
                    ctx.close();
                }
            });
            if (reverse.scheme().equals("tcp")) {
                // A server that speaks first makes this a byte stream before the client says anything.
                early.addListener(f -> {
                    if (f.isSuccess() && ctx.channel().isActive()) {
                        Channel upstream = early.channel();
                        upstream.pipeline().addLast(HeldBytes.NAME, new HeldBytes());
                        HeldBytes.whenUpstreamSpeaks(upstream, () -> {
                            if (!decided) {
                                decided = true;
                                relayRaw(ctx, upstream);
                            }
                        });
                        upstream.read();
                    }
                });
            }
        }
        ctx.read();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return;
        }
        byte[] head = TlsFront.helloHead(in);
        Routing.Route route = Routing.decide(mode, listenPort, head, head.length);
        if (route instanceof Routing.Route.NeedMore) {
            ctx.read();
            return;
        }
        decided = true;
        if (route instanceof Routing.Route.Refuse refuse) {
            in.skipBytes(in.readableBytes());
            facts.fail(refuse.reason());
            if (early != null) {
                early.channel().close();
            }
            ctx.close();
        } else if (route instanceof Routing.Route.HttpByHost) {
            // Only the port matters: a Host header without one means the port the client dialled.
            installHttp(ctx, HttpFront.Kind.BY_HOST, new HostPort("0.0.0.0", listenPort));
        } else if (route instanceof Routing.Route.HttpTo to) {
            installHttp(ctx, HttpFront.Kind.PLAIN_TO, to.target());
        } else if (route instanceof Routing.Route.Tls tls) {
            facts.sni = tls.sni();
            dialThen(ctx, tls.target(), upstream -> {
                ctx.pipeline().addAfter(NAME, TlsFront.NAME, new TlsFront(context, facts, tls.target(), upstream,
                        tls.upstreamName()));
                ctx.pipeline().remove(this); // the bytes kept so far flow into TlsFront
            });
        } else if (route instanceof Routing.Route.RawTo raw) {
            dialThen(ctx, raw.target(), upstream -> relayRaw(ctx, upstream));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (early != null) {
            early.channel().close();   // still here: the client left before the upstream was handed over
        }
        super.channelInactive(ctx);
    }

    private void relayRaw(ChannelHandlerContext ctx, Channel upstream) {
        facts.protocol = "raw";
        facts.outcome = ConnectionOutcome.PLAIN;
        RawRelay.join(ctx.channel(), upstream, facts, context.options.maxBodyBytes(), null, NAME);
        ctx.pipeline().remove(this);
    }

    private void installHttp(ChannelHandlerContext ctx, HttpFront.Kind kind, HostPort target) {
        facts.outcome = ConnectionOutcome.PLAIN;
        facts.protocol = "http/1.1";
        if (kind == HttpFront.Kind.PLAIN_TO) {
            facts.target = target;
        }
        ctx.pipeline().addAfter(NAME, Pipelines.HTTP_CODEC, Pipelines.serverCodec());
        ctx.pipeline().addAfter(Pipelines.HTTP_CODEC, Pipelines.FLOW_CONTROL, new FlowControlHandler());
        ctx.pipeline().addAfter(Pipelines.FLOW_CONTROL, Pipelines.FRONT,
                new HttpFront(context, facts, kind, target, null, null));
        ctx.pipeline().remove(this);
    }

    private ChannelFuture dial(ChannelHandlerContext ctx, HostPort target) {
        facts.target = target;
        return context.dialer.dial(ctx.channel().eventLoop(), target, facts);
    }

    private void dialThen(ChannelHandlerContext ctx, HostPort target, Consumer<Channel> then) {
        ChannelFuture dial = early != null ? early : dial(ctx, target);
        dial.addListener(f -> {
            if (!f.isSuccess()) {
                facts.fail(UpstreamDialer.describe("connect " + target, f.cause()));
                ctx.close();
                return;
            }
            if (!ctx.channel().isActive() || ctx.isRemoved()) {
                dial.channel().close();
                return;
            }
            then.accept(dial.channel());
        });
    }
}
