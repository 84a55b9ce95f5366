package dev.trygr.proxy.dns;

import dev.trygr.proxy.MicroClock;
import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.capture.CaptureSink;
import dev.trygr.proxy.AccessPolicy;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens to one query, whichever transport brought it: read it, answer intercepted names locally, forward
 * the rest, and record every query (answered, failed or dropped) as a {@link DnsQueried}. Shared by the UDP and
 * TCP fronts; everything per query runs on the event loop of the channel it arrived on.
 */
final class QueryRouter {
    /** Larger queries are dropped as malformed; real ones are a few hundred bytes at most. */
    static final int MAX_QUERY_BYTES = 4096;

    static final String LOCAL = "local";
    static final String FORWARDED = "forwarded";
    static final String FAILED = "failed";
    static final String MALFORMED = "malformed";

    /** Where and when a query arrived. {@code local} is the listener's address (a wildcard for a wildcard bind). */
    record Arrival(String transport, InetSocketAddress client, InetSocketAddress local, long atMicros, long nanos) {
        static Arrival now(String transport, InetSocketAddress client, InetSocketAddress local) {
            long nanos = System.nanoTime();
            return new Arrival(transport, client, local, MicroClock.at(nanos), nanos);
        }

        boolean tcp() {
            return "tcp".equals(transport);
        }
    }

    /** How answers get back to the client. The router calls exactly one of send or drop per routed query. */
    interface ReplyPath {
        /** The event loop of the client's channel; the router calls back only on it. */
        EventLoop loop();

        /** Sends one whole DNS message; the array is not used afterwards. */
        void send(byte[] message);

        /** The query gets no answer. */
        void drop();
    }

    private final DnsPolicy policy;
    private final InetAddress configuredAnswer;
    private final List<InetSocketAddress> upstreams;
    private final long timeoutMillis;
    private final AccessPolicy access;
    private final int maxInFlight;
    private final CaptureSink sink;
    private final ChannelGroup upstreamChannels;
    private final RouteLookup routes = new RouteLookup();
    private final SecureRandom ids = new SecureRandom();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    QueryRouter(DnsOptions options, List<InetSocketAddress> upstreams, CaptureSink sink,
                ChannelGroup upstreamChannels) {
        this.policy = new DnsPolicy(options.interceptGlobs());
        this.configuredAnswer = options.answer();
        this.upstreams = List.copyOf(upstreams);
        this.timeoutMillis = options.upstreamTimeout().toMillis();
        this.access = options.access();
        this.maxInFlight = options.maxInFlight();
        this.sink = sink;
        this.upstreamChannels = upstreamChannels;
    }

    /**
     * Handles one query's bytes.
     *
     * @return false when the query was malformed or its client is not allowed (a TCP front then disconnects)
     */
    boolean route(Arrival arrival, byte[] packet, ReplyPath reply) {
        DnsQuery query;
        try {
            query = DnsQuery.parse(packet);
        } catch (MalformedDnsException e) {
            malformed(arrival, DnsQuery.idOf(packet), e.getMessage());
            reply.drop();
            return false;
        }
        if (!access.admits(arrival.client().getAddress())) {
            record(arrival, query, FAILED, null, List.of(), 0, "refused: client "
                    + arrival.client().getAddress().getHostAddress() + " is outside the --allow ranges");
            reply.drop();
            return false;
        }
        if (policy.intercepts(query.name())) {
            answerLocally(arrival, query, reply);
        } else {
            forward(arrival, query, packet, reply);
        }
        return true;
    }

    /** Records a query dropped unanswered because it could not be read. */
    void malformed(Arrival arrival, int queryId, String error) {
        sink.submit(new DnsQueried(arrival.atMicros(), arrival.client().getAddress().getHostAddress(),
                arrival.client().getPort(), arrival.transport(), queryId, null, null, MALFORMED, null, List.of(), 0,
                error));
    }

    /** Forwarded queries still waiting for an upstream. */
    int inFlight() {
        return inFlight.get();
    }

    /** From now on, forwarded queries fail instead of trying the next upstream. */
    void close() {
        closed = true;
    }

    private void answerLocally(Arrival arrival, DnsQuery query, ReplyPath reply) {
        InetAddress address = DnsPolicy.answerAddress(configuredAnswer,
                arrival.local() == null ? null : arrival.local().getAddress(), arrival.client().getAddress(),
                routes::towards);
        if (address == null) {
            byte[] failure = DnsMessages.failure(query, DnsTypes.SERVFAIL);
            reply.send(failure);
            record(arrival, query, FAILED, DnsTypes.rcodeName(DnsTypes.SERVFAIL), List.of(), latency(arrival),
                    "no local address routes to the client, so there is no address to answer with");
            return;
        }
        byte[] answer = DnsMessages.answer(query, DnsPolicy.localRecords(query.type(), query.qclass(), address));
        reply.send(answer);
        record(arrival, query, LOCAL, DnsTypes.rcodeName(DnsTypes.NOERROR), describe(answer), latency(arrival), null);
    }

    private void forward(Arrival arrival, DnsQuery query, byte[] packet, ReplyPath reply) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            reply.drop();
            record(arrival, query, FAILED, null, List.of(), 0,
                    "dropped: " + maxInFlight + " forwarded queries already waiting for an upstream");
            return;
        }
        new UpstreamExchange(reply.loop(), arrival.tcp(), upstreams, timeoutMillis, query, packet, ids,
                upstreamChannels, () -> closed, new UpstreamExchange.Listener() {
                    @Override
                    public void answered(byte[] message, DnsReply answer) {
                        inFlight.decrementAndGet();
                        reply.send(DnsMessages.withId(message, query.id()));
                        record(arrival, query, FORWARDED, answer.rcodeName(), answer.answers(), latency(arrival),
                                null);
                    }

                    @Override
                    public void failed(String why) {
                        inFlight.decrementAndGet();
                        reply.send(DnsMessages.failure(query, DnsTypes.SERVFAIL));
                        record(arrival, query, FAILED, DnsTypes.rcodeName(DnsTypes.SERVFAIL), List.of(),
                                latency(arrival), why);
                    }
                }).start();
    }

    private void record(Arrival arrival, DnsQuery query, String outcome, String rcode, List<String> answers,
                        long latencyMicros, String error) {
        sink.submit(new DnsQueried(arrival.atMicros(), arrival.client().getAddress().getHostAddress(),
                arrival.client().getPort(), arrival.transport(), query.id(), query.name(), query.typeName(), outcome,
                rcode, answers, latencyMicros, error));
    }

    /** The answers of a message trygr wrote, read back the way an upstream's are. */
    private static List<String> describe(byte[] message) {
        try {
            return DnsReply.parse(message).answers();
        } catch (MalformedDnsException e) {
            throw new IllegalStateException("trygr wrote an unreadable answer: " + e.getMessage(), e);
        }
    }

    /** Micros from arrival to now, at least 1 (0 means no answer was sent). */
    private static long latency(Arrival arrival) {
        return Math.max(1, (System.nanoTime() - arrival.nanos()) / 1000L);
    }
}
