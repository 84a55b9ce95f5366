package dev.trygr.proxy.dns;

import dev.trygr.capture.DnsQueryRow;
import dev.trygr.proxy.AccessPolicy;
import dev.trygr.proxy.Cidr;
import dev.trygr.proxy.HostPort;
import dev.trygr.proxy.ProxyStartException;
import dev.trygr.proxy.testing.DnsStub;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AddressedEnvelope;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsResponderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    private DnsStub stub;
    private DnsFixture trygr;

    @BeforeEach
    void startStub() {
        stub = DnsStub.builder()
                .answer("example.test", "192.0.2.10", "2001:db8::10")
                .answer("big.test", "192.0.2.21", "192.0.2.22", "192.0.2.23")
                .truncateOverUdp("big.test")
                .start();
    }

    @AfterEach
    void stop() {
        if (trygr != null) {
            trygr.close();
        }
        stub.close();
    }

    private DnsFixture start(UnaryOperator<DnsOptions> tweak) throws ProxyStartException {
        trygr = new DnsFixture(dir, List.of(stub.address()), tweak);
        return trygr;
    }

    @Test
    void nettyResolverGetsTrygrForInterceptedNamesAndTheUpstreamForOthers() throws Exception {
        start(UnaryOperator.identity());
        try (DnsNameResolver resolver = trygr.resolver()) {
            assertEquals(LOOPBACK, resolver.resolve("api.ring.com").get(5, TimeUnit.SECONDS));
            assertEquals(LOOPBACK, resolver.resolve("MTALK.google.com").get(5, TimeUnit.SECONDS));
            assertEquals(InetAddress.getByName("192.0.2.10"),
                    resolver.resolve("example.test").get(5, TimeUnit.SECONDS));
            ExecutionException missing = assertThrows(ExecutionException.class,
                    () -> resolver.resolve("missing.test").get(5, TimeUnit.SECONDS));
            assertInstanceOf(UnknownHostException.class, missing.getCause());

            assertEquals(List.of(), answer(resolver, "api.ring.com", DnsRecordType.AAAA, DnsResponseCode.NOERROR));
            assertEquals(List.of(), answer(resolver, "api.ring.com", DnsRecordType.HTTPS, DnsResponseCode.NOERROR));
            assertEquals(List.of(), answer(resolver, "fcmregistrations.googleapis.com", DnsRecordType.SVCB,
                    DnsResponseCode.NOERROR));
            assertEquals(List.of("2001:db8::10"),
                    answer(resolver, "example.test", DnsRecordType.AAAA, DnsResponseCode.NOERROR));
            assertEquals(List.of(), answer(resolver, "missing.test", DnsRecordType.A, DnsResponseCode.NXDOMAIN));
        }

        assertTrue(stub.queries().stream().noneMatch(q -> q.name().endsWith("ring.com") || q.name().contains("google")),
                "intercepted names never reach the upstream: " + stub.queries());

        DnsQueryRow local = trygr.row("udp", "api.ring.com", "A");
        assertEquals("local", local.outcome());
        assertEquals("NOERROR", local.rcode());
        assertEquals(List.of("A 127.0.0.1"), local.answers());
        assertEquals("127.0.0.1", local.clientAddress());
        assertTrue(local.clientPort() > 0);
        assertTrue(local.latencyMicros() > 0);
        assertNull(local.error());
        assertEquals(List.of("A 127.0.0.1"), trygr.row("udp", "MTALK.google.com", "A").answers());
        DnsQueryRow empty = trygr.row("udp", "api.ring.com", "AAAA");
        assertEquals("local", empty.outcome());
        assertEquals(List.of(), empty.answers());
        assertEquals("local", trygr.row("udp", "api.ring.com", "HTTPS").outcome());
        assertEquals("local", trygr.row("udp", "fcmregistrations.googleapis.com", "SVCB").outcome());

        DnsQueryRow forwarded = trygr.row("udp", "example.test", "A");
        assertEquals("forwarded", forwarded.outcome());
        assertEquals("NOERROR", forwarded.rcode());
        assertEquals(List.of("A 192.0.2.10"), forwarded.answers());
        assertEquals(List.of("AAAA 2001:db8::10"), trygr.row("udp", "example.test", "AAAA").answers());
        List<DnsQueryRow> nx = trygr.rows(r -> "missing.test".equals(r.name()), 2);
        assertTrue(nx.stream().allMatch(r -> "forwarded".equals(r.outcome()) && "NXDOMAIN".equals(r.rcode())),
                nx.toString());
    }

    @Test
    void digOverUdpAndTcp() throws Exception {
        start(UnaryOperator.identity());
        InetSocketAddress at = trygr.address();
        assertEquals(List.of("127.0.0.1"), Dig.run(at, "api.ring.com", "A", "+short").lines());
        assertEquals(List.of("127.0.0.1"), Dig.run(at, "+tcp", "oauth.ring.com", "A", "+short").lines());
        Dig.Result aaaa = Dig.run(at, "api.ring.com", "AAAA");
        assertEquals("NOERROR", aaaa.status(), aaaa.stdout());
        assertTrue(aaaa.stdout().contains("ANSWER: 0"), aaaa.stdout());
        Dig.Result https = Dig.run(at, "+tcp", "api.ring.com", "TYPE65");
        assertEquals("NOERROR", https.status(), https.stdout());
        assertTrue(https.stdout().contains("ANSWER: 0"), https.stdout());
        assertEquals(List.of("192.0.2.10"), Dig.run(at, "example.test", "A", "+short").lines());
        assertEquals(List.of("192.0.2.10"), Dig.run(at, "+tcp", "example.test", "A", "+short").lines());
        assertEquals("NXDOMAIN", Dig.run(at, "+tcp", "missing.test", "A").status());

        assertTrue(stub.queries().contains(new DnsStub.Seen("tcp", "example.test", "A")),
                "a TCP query is forwarded over TCP: " + stub.queries());
        assertEquals(List.of("A 127.0.0.1"), trygr.row("tcp", "oauth.ring.com", "A").answers());
        DnsQueryRow tcpForwarded = trygr.row("tcp", "example.test", "A");
        assertEquals("forwarded", tcpForwarded.outcome());
        assertEquals(List.of("A 192.0.2.10"), tcpForwarded.answers());
        assertEquals("NXDOMAIN", trygr.row("tcp", "missing.test", "A").rcode());
        assertEquals("local", trygr.row("tcp", "api.ring.com", "HTTPS").outcome());
    }

    @Test
    void aTruncatedAnswerIsRelayedAsItIsAndTheClientRetriesOverTcp() throws Exception {
        start(UnaryOperator.identity());
        Dig.Result ignored = Dig.run(trygr.address(), "+ignore", "big.test", "A");
        assertTrue(ignored.flags().contains("tc"), ignored.stdout());
        assertEquals(List.of("192.0.2.21", "192.0.2.22", "192.0.2.23"),
                Dig.run(trygr.address(), "big.test", "A", "+short").lines().stream().sorted().toList());
        try (DnsNameResolver resolver = trygr.resolver()) {
            List<InetAddress> all = resolver.resolveAll("big.test").get(10, TimeUnit.SECONDS);
            assertEquals(3, all.size(), all.toString());
        }
        List<DnsQueryRow> udp = trygr.rows(r -> "udp".equals(r.transport()) && "big.test".equals(r.name()), 3);
        assertTrue(udp.size() >= 3 && udp.stream().allMatch(r -> "forwarded".equals(r.outcome())
                && r.answers().isEmpty()), udp.toString());
        List<DnsQueryRow> tcp = trygr.rows(r -> "tcp".equals(r.transport()) && "big.test".equals(r.name()), 2);
        assertEquals(2, tcp.size(), tcp.toString());
        assertEquals(List.of("A 192.0.2.21", "A 192.0.2.22", "A 192.0.2.23"), tcp.get(0).answers());
    }

    @Test
    void aSilentUpstreamIsSkippedAndWhenAllAreSilentTheClientGetsServfail() throws Exception {
        try (DnsStub silent = DnsStub.builder().answer("example.test", "192.0.2.66").start().silent(true)) {
            trygr = new DnsFixture(dir, List.of(silent.address(), stub.address()), UnaryOperator.identity());
            assertEquals(List.of("192.0.2.10"), Dig.run(trygr.address(), "example.test", "A", "+short").lines());
            assertEquals(List.of("192.0.2.10"),
                    Dig.run(trygr.address(), "+tcp", "example.test", "A", "+short").lines());
            assertEquals(2, silent.queries().size(), "each transport tried the silent one first");
            DnsQueryRow viaSecond = trygr.row("udp", "example.test", "A");
            assertEquals("forwarded", viaSecond.outcome());
            assertTrue(viaSecond.latencyMicros() >= 500_000, "waited for the first upstream: " + viaSecond);

            stub.silent(true);
            long started = System.nanoTime();
            Dig.Result failed = Dig.run(trygr.address(), "+time=5", "other.test", "A");
            assertEquals("SERVFAIL", failed.status(), failed.stdout());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4), "two timeouts of 500 ms");
            DnsQueryRow row = trygr.row("udp", "other.test", "A");
            assertEquals("failed", row.outcome());
            assertEquals("SERVFAIL", row.rcode());
            assertEquals(silent.address() + ": no answer within 500 ms; " + stub.address()
                    + ": no answer within 500 ms", row.error());
        }
    }

    @Test
    void anUnreachableUpstreamFailsFastAndTheNextIsTried() throws Exception {
        InetSocketAddress nobody = new InetSocketAddress(LOOPBACK, freePort());
        trygr = new DnsFixture(dir, List.of(nobody, stub.address()), o -> new DnsOptions(o.listen(),
                o.interceptGlobs(), null, o.upstreams(), Duration.ofSeconds(5)));
        long started = System.nanoTime();
        assertEquals(List.of("192.0.2.10"), Dig.run(trygr.address(), "+tcp", "example.test", "A", "+short").lines());
        assertEquals(List.of("192.0.2.10"), Dig.run(trygr.address(), "example.test", "A", "+short").lines());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4),
                "a refused connection or an ICMP port unreachable does not wait for the 5 s timeout");
    }

    @Test
    void dnsAnswerOverridesTheArrivalAddress() throws Exception {
        start(o -> new DnsOptions(o.listen(), List.of("*.ring.com"), ip("192.0.2.99"), o.upstreams(),
                o.upstreamTimeout()));
        assertEquals(List.of("192.0.2.99"), Dig.run(trygr.address(), "api.ring.com", "A", "+short").lines());
        assertEquals(List.of(), Dig.run(trygr.address(), "mtalk.google.com", "+short").lines());
        assertEquals("forwarded", trygr.row("udp", "mtalk.google.com", "A").outcome(), "not in --dns-intercept");
        trygr.close();
        trygr = null;
        start(o -> new DnsOptions(o.listen(), List.of("*.ring.com"), ip("2001:db8::99"), o.upstreams(),
                o.upstreamTimeout()));
        assertEquals(List.of("2001:db8::99"), Dig.run(trygr.address(), "api.ring.com", "AAAA", "+short").lines());
        assertEquals(List.of(), Dig.run(trygr.address(), "api.ring.com", "A", "+short").lines());
        assertEquals(List.of("AAAA 2001:db8::99"), trygr.row("udp", "api.ring.com", "AAAA").answers());
    }

    @Test
    void queriesBeyondTheInFlightBoundAreDroppedAndRecorded() throws Exception {
        stub.silent(true);
        start(o -> new DnsOptions(o.listen(), o.interceptGlobs(), null, o.upstreams(), Duration.ofSeconds(1),
                o.access(), 2, o.idleTimeout()));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(3000);
            for (int id = 1; id <= 3; id++) {
                send(client, DnsPackets.query(id, "q" + id + ".test", DnsTypes.A));
            }
            DnsQueryRow dropped = trygr.rows(r -> "q3.test".equals(r.name()), 1).get(0);
            assertEquals("failed", dropped.outcome());
            assertNull(dropped.rcode(), "nothing was sent");
            assertNull(dropped.latencyMicros());
            assertEquals("dropped: 2 forwarded queries already waiting for an upstream", dropped.error());
            // the two in flight end with SERVFAIL after the timeout; the dropped one gets nothing
            assertEquals(List.of(1, 2), List.of(DnsQuery.idOf(receive(client)), DnsQuery.idOf(receive(client))).stream()
                    .sorted().toList());
            // local answers are not bounded by it
            send(client, DnsPackets.query(4, "api.ring.com", DnsTypes.A));
            assertEquals(4, DnsQuery.idOf(receive(client)));
        }
    }

    @Test
    void tcpClientsMayPipelineQueriesAndSplitThem() throws Exception {
        start(UnaryOperator.identity());
        try (Socket socket = new Socket(LOOPBACK, trygr.address().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(DnsPackets.concat(DnsPackets.framed(DnsPackets.query(11, "example.test", DnsTypes.A)),
                    DnsPackets.framed(DnsPackets.query(12, "api.ring.com", DnsTypes.A))));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<Integer> ids = List.of(DnsQuery.idOf(readFramed(in)), DnsQuery.idOf(readFramed(in)));
            assertEquals(List.of(11, 12), ids.stream().sorted().toList());
            socket.setTcpNoDelay(true);
            for (byte b : DnsPackets.framed(DnsPackets.query(13, "api.ring.com", DnsTypes.AAAA))) {
                out.write(b);    // one byte per segment, as far as the kernel lets us
                out.flush();
                Thread.sleep(1);
            }
            DnsReply third = DnsReply.parse(readFramed(in));
            assertEquals(13, third.id());
            assertEquals(List.of(), third.answers());
        }
    }

    @Test
    void refusesToForwardToItself() throws Exception {
        int port = freePort();
        InetSocketAddress self = new InetSocketAddress(LOOPBACK, port);
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> new DnsFixture(dir, List.of(self),
                o -> new DnsOptions(new HostPort("127.0.0.1", port), o.interceptGlobs(), null, o.upstreams(),
                        o.upstreamTimeout())));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("--dns-upstream"),
                e.getMessage());
    }

    @Test
    void aNonLoopbackListenerNeedsAnAllowRange() {
        ProxyStartException e = assertThrows(ProxyStartException.class, () -> new DnsFixture(dir,
                List.of(stub.address()), o -> new DnsOptions(new HostPort("0.0.0.0", 0), o.interceptGlobs(), null,
                        o.upstreams(), o.upstreamTimeout())));
        assertTrue(e.getMessage().contains("--allow"), e.getMessage());
    }

    @Test
    void startsWithAnAllowRangeAndAnswersLoopbackClients() throws Exception {
        start(o -> o.withAccess(new AccessPolicy(List.of(Cidr.parse("192.0.2.0/24")))));
        assertEquals(List.of("127.0.0.1"), Dig.run(trygr.address(), "api.ring.com", "+short").lines());
    }

    @Test
    void systemResolversAreFound() {
        List<InetSocketAddress> system = DnsResponder.systemResolvers();
        assertFalse(system.isEmpty());
        assertTrue(system.stream().noneMatch(InetSocketAddress::isUnresolved), system.toString());
    }

    private static List<String> answer(DnsNameResolver resolver, String name, DnsRecordType type,
                                       DnsResponseCode expected) throws Exception {
        AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                resolver.query(new DefaultDnsQuestion(name, type)).get(5, TimeUnit.SECONDS);
        try {
            DnsResponse response = envelope.content();
            assertEquals(expected, response.code(), name + " " + type);
            int count = response.count(DnsSection.ANSWER);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                DnsRawRecord record = response.recordAt(DnsSection.ANSWER, i);
                out.add(NetUtil.bytesToIpAddress(ByteBufUtil.getBytes(record.content())));
            }
            return out;
        } finally {
            envelope.release();
        }
    }

    private void send(DatagramSocket client, byte[] packet) throws Exception {
        client.send(new DatagramPacket(packet, packet.length, trygr.address()));
    }

    private static byte[] receive(DatagramSocket client) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        client.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static byte[] readFramed(DataInputStream in) throws Exception {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return message;
    }

    static int freePort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return probe.getLocalPort();
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
