package dev.trygr.simulator;

import dev.trygr.capture.fcm.McsDecoder;
import dev.trygr.capture.fcm.McsFrame;
import dev.trygr.capture.fcm.McsTag;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * MCS framing over a blocking stream (§5.7): the first byte each way is the protocol version (41), then every
 * message is a tag byte, a varint32 length and a protobuf body. Encoding is the simulator's; decoding is
 * capture's {@link McsDecoder}, fed with whatever the socket returns.
 */
final class McsWire {
    static final int VERSION = 41;

    private final InputStream in;
    private final OutputStream out;
    private final McsDecoder decoder = new McsDecoder();
    private final Deque<McsFrame> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];

    McsWire(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next decoded frame; an {@link EOFException} when the peer closed between frames. */
    McsFrame read() throws IOException {
        while (ready.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) {
                ready.addAll(decoder.finish());
                if (ready.isEmpty()) {
                    throw new EOFException("MCS peer closed the connection");
                }
                break;
            }
            ready.addAll(decoder.feed(buffer, 0, n));
        }
        return ready.removeFirst();
    }

    /** Writes one frame, preceded by the version byte when {@code withVersion}. Thread-safe. */
    synchronized void write(McsTag tag, ProtoWriter message, boolean withVersion) throws IOException {
        out.write(frame(tag, message.toByteArray(), withVersion));
        out.flush();
    }

    static byte[] frame(McsTag tag, byte[] body, boolean withVersion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 8);
        if (withVersion) {
            bytes.write(VERSION);
        }
        bytes.write(tag.code());
        ProtoWriter.writeVarint(bytes, body.length);
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }
}
