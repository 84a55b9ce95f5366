package dev.trygr.proxy.dns;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.proxy.AccessPolicy;
import dev.trygr.proxy.Cidr;
import dev.trygr.proxy.HostPort;
import io.netty.channel.EventLoop;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The router's decisions for queries it answers without an upstream: who is refused, what is malformed, and which
 * address a local answer carries. No sockets: the reply path and the sink only collect.
 */
class DnsRouterTest {

    @ParameterizedTest(name = "client {0} on listener {1}, allow {2}, {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // client     | listener address | allow          | name          | outcome  | answers/error
        "127.0.0.1    | 127.0.0.1        |                | api.ring.com  | local    | A 127.0.0.1",
        "192.0.2.7    | 192.0.2.1        |                | api.ring.com  | failed   | "
                + "refused: client 192.0.2.7 is outside the --allow ranges",
        "192.0.2.7    | 192.0.2.1        | 192.0.2.0/24   | api.ring.com  | local    | A 192.0.2.1",
        "127.0.0.1    | 0.0.0.0          | 192.0.2.0/24   | api.ring.com  | local    | A 127.0.0.1",
        "127.0.0.1    | ::               | 192.0.2.0/24   | api.ring.com  | local    | A 127.0.0.1",
        "127.0.0.1    | ::1              |                | api.ring.com  | local    | ",
        "127.0.0.1    | 127.0.0.1        |                | api.ring.com. | malformed| truncated question",
    })
    void routesQueriesItAnswersItself(String client, String listener, String allow, String name, String outcome,
                                      String expected) throws Exception {
        List<CaptureEvent> events = new ArrayList<>();
        DnsOptions options = new DnsOptions(new HostPort("127.0.0.1", 53), DnsOptions.DEFAULT_INTERCEPT, null,
                List.of(new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53)), Duration.ofSeconds(1))
                .withAccess(new AccessPolicy(allow == null ? List.of() : List.of(Cidr.parse(allow))));
        QueryRouter router = new QueryRouter(options, options.upstreams(), events::add,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
        Collecting reply = new Collecting();
        byte[] packet = DnsPackets.query(77, name.endsWith(".") ? "api.ring.com" : name, DnsTypes.A);
        if (name.endsWith(".")) {
            packet = Arrays.copyOf(packet, packet.length - 1);
        }
        QueryRouter.Arrival arrival = QueryRouter.Arrival.now("udp",
                new InetSocketAddress(InetAddress.getByName(client), 40000),
                new InetSocketAddress(InetAddress.getByName(listener), 53));

        boolean wellFormed = router.route(arrival, packet, reply);

        assertEquals(1, events.size());
        DnsQueried event = (DnsQueried) events.get(0);
        assertEquals(outcome, event.outcome());
        assertEquals(client, event.clientAddress());
        assertEquals(77, event.queryId());
        if ("local".equals(outcome)) {
            assertEquals(true, wellFormed);
            assertEquals(1, reply.sent.size());
            assertEquals(0, reply.dropped);
            assertEquals(expected == null ? List.of() : List.of(expected), event.answers());
            assertEquals(event.answers(), DnsReply.parse(reply.sent.get(0)).answers(), "recorded what was sent");
            assertEquals("api.ring.com", event.name());
            assertEquals("A", event.type());
        } else {
            assertEquals(false, wellFormed);
            assertEquals(List.of(), reply.sent);
            assertEquals(1, reply.dropped);
            assertEquals(expected, event.error());
            assertEquals(0, event.latencyMicros());
        }
    }

    private static final class Collecting implements QueryRouter.ReplyPath {
        final List<byte[]> sent = new ArrayList<>();
        int dropped;

        @Override
        public EventLoop loop() {
            throw new AssertionError("nothing is forwarded here");
        }

        @Override
        public void send(byte[] message) {
            sent.add(message);
        }

        @Override
        public void drop() {
            dropped++;
        }
    }
}
