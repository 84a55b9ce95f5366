package dev.trygr.proxy.ws;

import java.util.function.Consumer;

/**
 * Reads the frames of one direction of a WebSocket (RFC 6455 §5) incrementally, from chunks of any size, and hands
 * out whole messages: fragments joined, control frames (close, ping, pong) as messages of their own even between
 * the fragments of a data message, client frames unmasked, permessage-deflate messages inflated.
 *
 * <p>Memory is bounded: at most {@code maxBody} payload bytes per message (plus at most 125 for a control frame in
 * the middle of one), 14 header bytes, and an inflater for a compressed direction; the rest is only counted.
 *
 * <p>A protocol violation (reserved bits or opcodes, a client frame without a mask or a server frame with one, a
 * fragmented or oversized control frame, a continuation out of place, a 64-bit length with its top bit set) stops
 * the reader for good: what follows cannot be framed reliably. The message in progress, if any, is handed out
 * truncated, {@link #failure()} says why and where, and later bytes are ignored. Nothing here throws on input.
 *
 * <p>Not thread-safe; one reader per direction.
 */
public final class WsMessageReader {
    /** Default bound on one message's inflated size before the reader stops inflating (see {@link MessageInflater}). */
    public static final long DEFAULT_INFLATE_LIMIT = 64L << 20;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final boolean fromClient;
    private final boolean deflate;
    private final int maxBody;
    private final MessageInflater inflater;
    private final Consumer<ParsedMessage> messages;

    private final byte[] head = new byte[14];
    private int headLength;
    private int headNeeded = 2;
    private boolean inPayload;

    private boolean fin;
    private boolean frameMasked;
    private final byte[] mask = new byte[4];
    private long frameRemaining;
    private long framePosition;

    /** The data message being assembled across frames, or null between messages. */
    private Assembly message;
    /** The control frame being read, or null. */
    private Assembly control;

    private long offset;
    private String failure;
    private boolean finished;

    /**
     * @param fromClient   true for the client-to-server direction (frames must be masked)
     * @param handshake    what the upgrade negotiated
     * @param maxBody      how many payload bytes of each message to keep
     * @param inflateLimit how many bytes one compressed message may inflate to before the reader gives up on it
     * @param messages     receives each complete message, in wire order
     */
    public WsMessageReader(boolean fromClient, WsHandshake handshake, long maxBody, long inflateLimit,
                           Consumer<ParsedMessage> messages) {
        this.fromClient = fromClient;
        this.deflate = handshake.deflate();
        this.maxBody = (int) Math.min(Math.max(maxBody, 0), Integer.MAX_VALUE - 16);
        this.inflater = new MessageInflater(handshake.resetsContext(fromClient), Math.max(inflateLimit, this.maxBody));
        this.messages = messages;
    }

    public WsMessageReader(boolean fromClient, WsHandshake handshake, long maxBody, Consumer<ParsedMessage> messages) {
        this(fromClient, handshake, maxBody, DEFAULT_INFLATE_LIMIT, messages);
    }

    /**
     * Reads the next bytes of this direction. The reader unmasks client payloads in place: {@code chunk} must be a
     * copy the caller may lose.
     */
    public void feed(byte[] chunk, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && !stopped()) {
            if (!inPayload) {
                int n = Math.min(headNeeded - headLength, end - i);
                System.arraycopy(chunk, i, head, headLength, n);
                headLength += n;
                i += n;
                offset += n;
                if (headLength == headNeeded) {
                    onHeadBytes();
                }
            } else {
                int n = (int) Math.min(frameRemaining, end - i);
                payload(chunk, i, n);
                i += n;
                offset += n;
                frameRemaining -= n;
                if (frameRemaining == 0) {
                    endFrame();
                }
            }
        }
    }

    /** The stream ended: hands out a message cut short, truncated, and frees the inflater. */
    public void finish() {
        if (!stopped()) {
            Assembly cut = control != null ? control : message;
            if (cut != null) {
                emit(cut, true);
            }
        }
        finished = true;
        message = null;
        control = null;
        inflater.close();
    }

    /** Why and where reading stopped on a protocol violation, or null. */
    public String failure() {
        return failure;
    }

    /** True once the reader failed or finished: later bytes are ignored. */
    public boolean stopped() {
        return failure != null || finished;
    }

    /** Bytes read so far. */
    public long offset() {
        return offset;
    }

    private void onHeadBytes() {
        if (headLength == 2) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            String violation = check(b0, b1);
            if (violation != null) {
                fail(violation);
                return;
            }
            int len7 = b1 & 0x7f;
            headNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
            if (headNeeded > 2) {
                return;
            }
        }
        startFrame();
    }

    /** What is wrong with a frame that starts with these two bytes, or null. */
    private String check(int b0, int b1) {
        boolean finBit = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        int opcode = b0 & 0x0f;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7f;
        if ((b0 & 0x30) != 0) {
            return "RSV2/RSV3 set";
        }
        if (opcode > ParsedMessage.BINARY && opcode < ParsedMessage.CLOSE || opcode > ParsedMessage.PONG) {
            return "reserved opcode " + opcode;
        }
        if (masked != fromClient) {
            return fromClient ? "client frame not masked" : "server frame masked";
        }
        if (opcode >= ParsedMessage.CLOSE) {
            if (!finBit) {
                return "fragmented control frame";
            }
            if (len7 > MAX_CONTROL_PAYLOAD) {
                return "control frame longer than 125 bytes";
            }
            return rsv1 ? "RSV1 on a control frame" : null;
        }
        if (opcode == ParsedMessage.CONTINUATION) {
            if (message == null) {
                return "continuation frame without a message";
            }
            return rsv1 ? "RSV1 on a continuation frame" : null;
        }
        if (message != null) {
            return "new message before the previous one ended";
        }
        return rsv1 && !deflate ? "RSV1 set without permessage-deflate" : null;
    }

    private void startFrame() {
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        int opcode = b0 & 0x0f;
        int len7 = b1 & 0x7f;
        int at = 2;
        long length = len7;
        if (len7 == 126) {
            length = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            at = 4;
        } else if (len7 == 127) {
            length = 0;
            for (int k = 2; k < 10; k++) {
                length = (length << 8) | (head[k] & 0xff);
            }
            if (length < 0) {
                fail("64-bit length with its top bit set");
                return;
            }
            at = 10;
        }
        frameMasked = (b1 & 0x80) != 0;
        if (frameMasked) {
            System.arraycopy(head, at, mask, 0, 4);
        }
        fin = (b0 & 0x80) != 0;
        frameRemaining = length;
        framePosition = 0;
        headLength = 0;
        headNeeded = 2;
        if (opcode >= ParsedMessage.CLOSE) {
            control = new Assembly(opcode, false, Math.min(maxBody, MAX_CONTROL_PAYLOAD));
        } else if (opcode != ParsedMessage.CONTINUATION) {
            boolean compressed = (b0 & 0x40) != 0;
            message = new Assembly(opcode, compressed, maxBody);
            if (compressed) {
                inflater.begin();
            }
        }
        inPayload = true;
        if (frameRemaining == 0) {
            endFrame();
        }
    }

    private void payload(byte[] chunk, int off, int n) {
        if (frameMasked) {
            long p = framePosition;
            for (int k = 0; k < n; k++) {
                chunk[off + k] ^= mask[(int) ((p + k) & 3)];
            }
        }
        framePosition += n;
        Assembly into = control != null ? control : message;
        into.length += n;
        if (into.compressed) {
            inflater.inflate(chunk, off, n, into.kept);
        } else {
            into.kept.append(chunk, off, n);
        }
    }

    private void endFrame() {
        inPayload = false;
        if (control != null) {
            Assembly done = control;
            control = null;
            emit(done, false);
        } else if (fin) {
            Assembly done = message;
            message = null;
            if (done.compressed) {
                inflater.end(done.kept);
            }
            emit(done, false);
        }
    }

    private void emit(Assembly a, boolean cut) {
        boolean truncated = cut || a.kept.overflowed() || (a.compressed && inflater.abandoned());
        messages.accept(new ParsedMessage(a.opcode, a.length, a.compressed, a.kept.toArray(), truncated));
    }

    private void fail(String why) {
        failure = why + " at byte " + (offset - headLength);
        if (message != null) {   // violations are found in frame headers: no control frame is in progress
            emit(message, true);
        }
        message = null;
        control = null;
        inflater.close();
    }

    /** A message being read: its first frame's opcode, its wire length so far, and its kept payload. */
    private static final class Assembly {
        final int opcode;
        final boolean compressed;
        final KeptBytes kept;
        long length;

        Assembly(int opcode, boolean compressed, int limit) {
            this.opcode = opcode;
            this.compressed = compressed;
            this.kept = new KeptBytes(limit);
        }
    }
}
