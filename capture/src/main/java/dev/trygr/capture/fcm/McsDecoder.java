package dev.trygr.capture.fcm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one direction of an MCS stream incrementally: feed it the bytes as they arrive, in chunks of any size,
 * and it returns the frames that completed. The first byte of either direction is the protocol version (41; a
 * server may answer 38); every frame is then a tag byte, a varint32 length (at most 5 bytes) and a protobuf body.
 *
 * <p>Memory stays bounded by the frame limit whatever the chunk sizes: bodies of tags it does not read are skipped
 * without buffering, and a body buffer grows only as bytes arrive. A bad version byte or a declared length beyond
 * the limit yields {@link McsFrame.Malformed} and stops the decoder: later input is ignored. Never throws on input.
 * Not thread-safe: one decoder per direction per connection.
 */
public final class McsDecoder {
    /** Default frame limit: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 4 << 20;
    private static final int MAX_LENGTH_BYTES = 5;
    private static final int INITIAL_BODY_CAPACITY = 256;
    private static final int RETAINED_BODY_CAPACITY = 64 << 10;

    private enum State { VERSION, HEADER, BODY, SKIP, STOPPED }

    private final int maxFrameLength;
    private State state = State.VERSION;
    private int version = -1;
    private final byte[] header = new byte[1 + MAX_LENGTH_BYTES];
    private int headerLength;
    private int tag;
    private int frameLength;
    private byte[] body = new byte[INITIAL_BODY_CAPACITY];
    private int bodyLength;
    private int skipRemaining;

    public McsDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    public McsDecoder(int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength < 0: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** Whether a version byte is one an MCS peer accepts: 41 or later, or 38. */
    public static boolean acceptableVersion(int version) {
        return version >= 41 || version == 38;
    }

    /** The version byte seen, or -1 before the first byte. */
    public int version() {
        return version;
    }

    /** Whether the decoder gave up after a framing failure; it ignores further input. */
    public boolean stopped() {
        return state == State.STOPPED;
    }

    /** Bytes of an incomplete frame held so far (header and body). */
    public int pending() {
        return switch (state) {
            case HEADER -> headerLength;
            case BODY -> headerLength + bodyLength;
            case SKIP -> headerLength + frameLength - skipRemaining;
            default -> 0;
        };
    }

    public List<McsFrame> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<McsFrame> feed(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        List<McsFrame> out = new ArrayList<>(1);
        int pos = offset;
        int end = offset + length;
        while (pos < end && state != State.STOPPED) {
            pos = step(chunk, pos, end, out);
        }
        return out;
    }

    /** Feeds the remaining bytes of {@code chunk}, advancing its position to its limit. */
    public List<McsFrame> feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            int offset = chunk.arrayOffset() + chunk.position();
            List<McsFrame> out = feed(chunk.array(), offset, chunk.remaining());
            chunk.position(chunk.limit());
            return out;
        }
        byte[] copy = new byte[chunk.remaining()];
        chunk.get(copy);
        return feed(copy);
    }

    /**
     * The stream has ended: returns a {@link McsFrame.Malformed} if it ended inside a frame, nothing otherwise,
     * and stops the decoder.
     */
    public List<McsFrame> finish() {
        List<McsFrame> out = new ArrayList<>(1);
        if (state == State.HEADER && headerLength > 0 || state == State.BODY || state == State.SKIP) {
            out.add(new McsFrame.Malformed(headerLength > 0 ? header[0] & 0xff : -1,
                    "stream ended inside a frame after " + pending() + " bytes"));
        }
        state = State.STOPPED;
        return out;
    }

    private int step(byte[] in, int pos, int end, List<McsFrame> out) {
        switch (state) {
            case VERSION -> {
                version = in[pos] & 0xff;
                if (acceptableVersion(version)) {
                    state = State.HEADER;
                } else {
                    stop(out, -1, "unsupported MCS version " + version
                            + (version == 0x16 ? " (0x16: a TLS handshake, the stream is still encrypted)" : ""));
                }
                return pos + 1;
            }
            case HEADER -> {
                header[headerLength++] = in[pos];
                if (headerLength > 1) {
                    headerByteRead(out);
                }
                return pos + 1;
            }
            case BODY -> {
                int n = Math.min(end - pos, frameLength - bodyLength);
                ensureBodyCapacity(bodyLength + n);
                System.arraycopy(in, pos, body, bodyLength, n);
                bodyLength += n;
                if (bodyLength == frameLength) {
                    out.add(McsFrameParser.parse(tag, body, 0, bodyLength));
                    nextFrame();
                }
                return pos + n;
            }
            case SKIP -> {
                int n = Math.min(end - pos, skipRemaining);
                skipRemaining -= n;
                if (skipRemaining == 0) {
                    out.add(new McsFrame.Unknown(tag, frameLength));
                    nextFrame();
                }
                return pos + n;
            }
            default -> {
                return end;
            }
        }
    }

    /** After each length byte: decides, once the varint is complete, what to do with the body. */
    private void headerByteRead(List<McsFrame> out) {
        tag = header[0] & 0xff;
        ProtoReader.Varint length;
        try {
            length = ProtoReader.varintAt(header, 1, headerLength, MAX_LENGTH_BYTES);
        } catch (ProtoFormatException e) {
            stop(out, tag, McsTag.describe(tag) + ": length varint longer than " + MAX_LENGTH_BYTES + " bytes");
            return;
        }
        if (length == null) {
            if (headerLength == header.length) {
                stop(out, tag, McsTag.describe(tag) + ": length varint longer than " + MAX_LENGTH_BYTES + " bytes");
            }
            return;
        }
        if (length.value() > maxFrameLength) {
            stop(out, tag, McsTag.describe(tag) + ": declared length " + length.value() + " exceeds the limit of "
                    + maxFrameLength + " bytes");
            return;
        }
        frameLength = (int) length.value();
        bodyLength = 0;
        if (frameLength == 0) {
            out.add(McsFrameParser.parse(tag, body, 0, 0));
            nextFrame();
        } else if (McsFrameParser.reads(tag)) {
            state = State.BODY;
        } else {
            skipRemaining = frameLength;
            state = State.SKIP;
        }
    }

    private void nextFrame() {
        state = State.HEADER;
        headerLength = 0;
        bodyLength = 0;
        if (body.length > RETAINED_BODY_CAPACITY) {
            body = new byte[INITIAL_BODY_CAPACITY];
        }
    }

    private void ensureBodyCapacity(int needed) {
        if (needed > body.length) {
            int grown = (int) Math.min(Math.max((long) body.length * 2, needed), frameLength);
            body = Arrays.copyOf(body, grown);
        }
    }

    private void stop(List<McsFrame> out, int frameTag, String reason) {
        out.add(new McsFrame.Malformed(frameTag, reason));
        state = State.STOPPED;
        headerLength = 0;
        body = new byte[0];
    }
}
