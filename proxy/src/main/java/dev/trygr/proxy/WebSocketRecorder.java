package dev.trygr.proxy;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.proxy.ws.ParsedMessage;
import dev.trygr.proxy.ws.WsHandshake;
import dev.trygr.proxy.ws.WsMessageReader;
import io.netty.buffer.ByteBuf;

/**
 * Records the messages of an upgraded WebSocket as the relay passes its bytes by: copies each buffer's readable
 * bytes (by absolute index, in bounded slices) into its own scratch array, so the reader may unmask in place
 * without touching what is forwarded, and submits every message the readers complete. Confined to the
 * connection's event loop. A direction that breaks the protocol stops being read (noted on the connection); the
 * relay never sees an exception from here.
 */
final class WebSocketRecorder implements StreamObserver {
    private static final int SLICE = 16 * 1024;

    private final ConnectionFacts facts;
    private final CaptureSink sink;
    private final WsMessageReader clientReader;
    private final WsMessageReader serverReader;
    private final byte[] scratch = new byte[SLICE];
    private boolean closed;

    WebSocketRecorder(ConnectionFacts facts, CaptureSink sink, WsHandshake handshake, long maxBody) {
        this.facts = facts;
        this.sink = sink;
        this.clientReader = new WsMessageReader(true, handshake, maxBody, m -> submit(m, true));
        this.serverReader = new WsMessageReader(false, handshake, maxBody, m -> submit(m, false));
    }

    @Override
    public void observe(ByteBuf buf, boolean fromClient) {
        WsMessageReader reader = fromClient ? clientReader : serverReader;
        if (closed || reader.stopped()) {
            return;
        }
        try {
            int index = buf.readerIndex();
            int end = buf.writerIndex();
            while (index < end && !reader.stopped()) {
                int n = Math.min(scratch.length, end - index);
                buf.getBytes(index, scratch, 0, n);
                reader.feed(scratch, 0, n);
                index += n;
            }
        } catch (RuntimeException e) {
            facts.note("websocket " + direction(fromClient) + " not recorded past byte " + reader.offset()
                    + ": " + e);
            reader.finish();
            return;
        }
        if (reader.failure() != null) {
            facts.note("websocket " + direction(fromClient) + " not parsed: " + reader.failure());
        }
    }

    @Override
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        finish(clientReader);
        finish(serverReader);
    }

    private void finish(WsMessageReader reader) {
        try {
            reader.finish();
        } catch (RuntimeException e) {
            facts.note("websocket recording failed at the end: " + e);
        }
    }

    private void submit(ParsedMessage m, boolean fromClient) {
        sink.submit(new CaptureEvent.WsMessage(facts.key, MicroClock.now(), fromClient, m.opcode(), m.length(),
                m.compressed(), m.payload(), m.truncated()));
    }

    private static String direction(boolean fromClient) {
        return fromClient ? "client-to-server" : "server-to-client";
    }
}
