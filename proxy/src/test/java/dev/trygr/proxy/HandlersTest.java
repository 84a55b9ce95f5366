package dev.trygr.proxy;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.ConnectionOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small handlers on {@link EmbeddedChannel}: what they count, record and close, and who releases what. */
class HandlersTest {

    private final List<CaptureEvent> events = new ArrayList<>();

    private ConnectionFacts facts() {
        return new ConnectionFacts(1, "127.0.0.1", 50000, "regular@127.0.0.1:8080", events::add);
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void byteCounterCountsBothDirectionsAndPassesBuffersOn() {
        ConnectionFacts facts = facts();
        EmbeddedChannel ch = new EmbeddedChannel(new ByteCounter(facts, true));
        ch.writeInbound(ascii("hello"));
        ch.writeOutbound(ascii("hi"));
        assertEquals(5, facts.bytesFromClient);
        assertEquals(2, facts.bytesToClient);
        ByteBuf in = ch.readInbound();
        ByteBuf out = ch.readOutbound();
        assertEquals("hello", in.toString(StandardCharsets.US_ASCII));
        assertEquals("hi", out.toString(StandardCharsets.US_ASCII));
        in.release();
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void guardClosesOnIdleAndRecordsWhy() {
        ConnectionFacts facts = facts();
        EmbeddedChannel ch = new EmbeddedChannel(new ConnectionGuard(facts, "client"));
        ch.closeFuture().addListener(f -> facts.sideClosed());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertFalse(ch.isOpen());
        CaptureEvent.ConnectionClosed closed = assertInstanceOf(CaptureEvent.ConnectionClosed.class, events.get(0));
        assertEquals("client idle timeout", closed.reason());
    }

    @Test
    void guardClosesWhenThePeerSentCloseNotify() {
        EmbeddedChannel ch = new EmbeddedChannel(new ConnectionGuard(facts(), "upstream"));
        ch.pipeline().fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        assertFalse(ch.isOpen());
    }

    @Test
    void guardReleasesWhatReachesTheEndAndTellsResetsFromFailures() {
        ConnectionFacts facts = facts();
        EmbeddedChannel ch = new EmbeddedChannel(new ConnectionGuard(facts, "client"));
        ByteBuf stray = ascii("stray");
        ch.writeInbound(stray);
        assertEquals(0, stray.refCnt(), "released at the end of the pipeline");

        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertFalse(ch.isOpen());
        assertNull(facts.outcome, "a reset is not a failure");
        assertEquals("client: Connection reset by peer", facts.reason);

        ConnectionFacts other = facts();
        EmbeddedChannel ch2 = new EmbeddedChannel(new ConnectionGuard(other, "client"));
        ch2.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertEquals(ConnectionOutcome.FAILED, other.outcome);
        assertEquals("client: boom", other.reason);
    }

    @Test
    void aConnectionIsRecordedOnceWhenItsLastSideCloses() {
        ConnectionFacts facts = facts();
        facts.upstreamOpened();
        facts.outcome = ConnectionOutcome.INTERCEPTED;
        facts.sideClosed();
        assertTrue(events.isEmpty(), "upstream still open");
        facts.sideClosed();
        facts.sideClosed();
        assertEquals(1, events.size());
        assertEquals(ConnectionOutcome.INTERCEPTED, ((CaptureEvent.ConnectionClosed) events.get(0)).outcome());
    }

    @Test
    void tlsFrontRelaysBytesThatAreNeitherTlsNorHttpAsAPlainStream() {
        ConnectionFacts facts = facts();
        ProxyContext context = new ProxyContext(ProxyOptions.defaults(), events::add, null, null, true, null, null,
                ProxyEvents.NONE);
        EmbeddedChannel upstream = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel(new TlsFront(context, facts, new HostPort("broker.test", 1883),
                upstream));
        byte[] mqtt = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00};
        client.writeInbound(Unpooled.wrappedBuffer(mqtt));
        ByteBuf relayed = upstream.readOutbound();
        assertEquals(Unpooled.wrappedBuffer(mqtt), relayed);
        relayed.release();
        assertTrue(client.isOpen());
        assertEquals(ConnectionOutcome.PLAIN, facts.outcome);
        assertEquals("raw", facts.protocol);
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    @Test
    void tlsFrontWaitsForTheWholeClientHelloBeforeDeciding() throws Exception {
        ConnectionFacts facts = facts();
        ProxyContext context = new ProxyContext(new ProxyOptions(ProxyOptions.defaults().modes(), List.of(),
                new InterceptPolicy(List.of(), List.of("*.ring.com")), ProxyOptions.defaults().access(),
                1024, ProxyOptions.defaults().idleTimeout(), ProxyOptions.defaults().connectTimeout(),
                ProxyOptions.defaults().shutdownGrace()), events::add, null, null, true, null, null,
                ProxyEvents.NONE);
        EmbeddedChannel upstream = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel(new TlsFront(context, facts, new HostPort("api.ring.com", 443),
                upstream));
        byte[] hello = ClientHelloTest.clientHello("api.ring.com", "http/1.1");
        client.writeInbound(Unpooled.wrappedBuffer(hello, 0, 10));
        assertNull(facts.outcome, "undecided with 10 bytes");
        client.writeInbound(Unpooled.wrappedBuffer(hello, 10, hello.length - 10));
        assertEquals("api.ring.com", facts.sni);
        assertEquals(ConnectionOutcome.PASSTHROUGH, facts.outcome, "passthrough by policy");
        ByteBuf relayed = upstream.readOutbound();
        assertEquals(hello.length, relayed.readableBytes(), "the ClientHello goes upstream untouched");
        relayed.release();
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
