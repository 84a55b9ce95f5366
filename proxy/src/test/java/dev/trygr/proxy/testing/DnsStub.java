package dev.trygr.proxy.testing;

import dev.trygr.proxy.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny DNS server on 127.0.0.1, UDP and TCP on one port, playing the upstream resolver in tests. Built on Netty's
 * own DNS codec (an independent encoder and decoder for what trygr reads and writes by hand).
 *
 * <ul>
 *   <li>A known name gets its records of the asked type (A for IPv4 literals, AAAA for IPv6), NOERROR with an
 *       empty answer for other types; an unknown name gets NXDOMAIN.</li>
 *   <li>A name marked {@link Builder#truncateOverUdp} gets an empty answer with TC set over UDP, and its records
 *       over TCP.</li>
 *   <li>{@link #silent(boolean)} makes it read queries and answer none (for timeouts).</li>
 *   <li>{@link #queries()} lists every query it read, in order, to check what reached the upstream.</li>
 * </ul>
 */
public final class DnsStub implements AutoCloseable {

    /** One query the stub read: the transport, the name (lower case, no trailing dot) and the type's name. */
    public record Seen(String transport, String name, String type) {}

    private final Map<String, List<InetAddress>> records;
    private final Set<String> truncatedOverUdp;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group;
    private volatile boolean silent;
    private Channel udp;
    private Channel tcp;

    private DnsStub(Builder builder) {
        this.records = Map.copyOf(builder.records);
        this.truncatedOverUdp = Set.copyOf(builder.truncatedOverUdp);
        this.group = Transports.group(1, "dns-stub");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address both transports listen on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) udp.localAddress();
    }

    /** Whether to stop answering (queries are still read and listed). */
    public DnsStub silent(boolean quiet) {
        this.silent = quiet;
        return this;
    }

    /** Every query read so far. */
    public List<Seen> queries() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (tcp != null) {
            tcp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private DnsStub bind() throws InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
            udp = new Bootstrap().group(group).channel(Transports.datagramChannel())
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                    new UdpAnswers());
                        }
                    })
                    .bind(new InetSocketAddress(loopback, 0)).sync().channel();
            int port = ((InetSocketAddress) udp.localAddress()).getPort();
            try {
                tcp = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                // not Netty's TcpDnsQueryDecoder: it leaks every frame up to 4.1.121 (netty#15033)
                                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                                        new FrameAsDatagram(), new DatagramDnsQueryDecoder(),
                                        new TcpDnsResponseEncoder(), new TcpAnswers());
                            }
                        })
                        .bind(new InetSocketAddress(loopback, port)).sync().channel();
                return this;
            } catch (Exception e) {
                udp.close().sync();
                if (attempt >= 4) {
                    throw new IllegalStateException("cannot bind TCP on the stub's UDP port " + port, e);
                }
            }
        }
    }

    /** Fills {@code response} for {@code query}; false when the stub stays silent. */
    private boolean answer(DnsQuery query, DnsResponse response, String transport) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        String name = question.name().toLowerCase(Locale.ROOT);
        name = name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
        seen.add(new Seen(transport, name, question.type().name()));
        if (silent) {
            return false;
        }
        response.setRecursionDesired(query.isRecursionDesired());
        response.setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION,
                new DefaultDnsQuestion(question.name(), question.type(), question.dnsClass()));
        List<InetAddress> addresses = records.get(name);
        if (addresses == null) {
            response.setCode(DnsResponseCode.NXDOMAIN);
            return true;
        }
        if ("udp".equals(transport) && truncatedOverUdp.contains(name)) {
            response.setTruncated(true);
            return true;
        }
        for (InetAddress address : addresses) {
            DnsRecordType type = address instanceof Inet4Address ? DnsRecordType.A : DnsRecordType.AAAA;
            if (type.equals(question.type())) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), type, 300,
                        Unpooled.wrappedBuffer(address.getAddress())));
            }
        }
        return true;
    }

    private final class UdpAnswers extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            if (answer(query, response, "udp")) {
                ctx.writeAndFlush(response);
            } else {
                response.release();
            }
        }
    }

    /** Wraps a TCP message as a datagram, so Netty's datagram query decoder can read it. */
    private static final class FrameAsDatagram extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
            out.add(new DatagramPacket(frame.retain(), (InetSocketAddress) ctx.channel().localAddress(),
                    (InetSocketAddress) ctx.channel().remoteAddress()));
        }
    }

    private final class TcpAnswers extends SimpleChannelInboundHandler<DnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
            DnsResponse response = new DefaultDnsResponse(query.id());
            if (answer(query, response, "tcp")) {
                ctx.writeAndFlush(response);
            } else {
                response.release();
            }
        }
    }

    /** What the stub knows; {@link #start()} binds it. */
    public static final class Builder {
        private final Map<String, List<InetAddress>> records = new LinkedHashMap<>();
        private final List<String> truncatedOverUdp = new ArrayList<>();

        private Builder() {
        }

        /** Records for {@code name}: IPv4 literals as A, IPv6 literals as AAAA. */
        public Builder answer(String name, String... addresses) {
            List<InetAddress> list = new ArrayList<>();
            for (String literal : addresses) {
                try {
                    list.add(InetAddress.getByName(literal));
                } catch (Exception e) {
                    throw new IllegalArgumentException("not an IP literal: " + literal, e);
                }
            }
            records.put(name.toLowerCase(Locale.ROOT), List.copyOf(list));
            return this;
        }

        /** Answers {@code name} over UDP with TC set and no records, so clients retry over TCP. */
        public Builder truncateOverUdp(String name) {
            truncatedOverUdp.add(name.toLowerCase(Locale.ROOT));
            return this;
        }

        public DnsStub start() {
            DnsStub stub = new DnsStub(this);
            try {
                return stub.bind();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stub.close();
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                stub.close();
                throw e;
            }
        }
    }
}
