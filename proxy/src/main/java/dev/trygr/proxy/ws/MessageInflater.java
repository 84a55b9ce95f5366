package dev.trygr.proxy.ws;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the permessage-deflate messages of one direction (RFC 7692 §7.2.2): each message's compressed bytes as
 * they arrive, then {@code 00 00 ff ff} at its end. Output past the message's kept bytes is counted and dropped,
 * never buffered.
 *
 * <p>With context takeover the next message may refer back to this one, so a message is inflated to its end even
 * past the limit (bounded memory, CPU linear in the inflated size). Two things give up instead: output beyond
 * {@code inflateLimit} for one message (a decompression bomb) and a malformed stream. Either leaves the shared
 * context unknown, so every later compressed message of this direction is recorded empty and truncated. Without
 * context takeover a message is only inflated as far as it is kept, and the context is reset after each one.
 *
 * <p>The {@link Inflater} is created on the first compressed message; {@link #close()} frees it.
 */
final class MessageInflater {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean resetEachMessage;
    private final long inflateLimit;
    private final byte[] out = new byte[8192];
    private Inflater inflater;
    /** The shared context can no longer be trusted: nothing more is inflated. */
    private boolean contextLost;
    /** The current message is no longer inflated (its payload is truncated). */
    private boolean abandoned;
    private long produced;

    MessageInflater(boolean resetEachMessage, long inflateLimit) {
        this.resetEachMessage = resetEachMessage;
        this.inflateLimit = inflateLimit;
    }

    void begin() {
        produced = 0;
        abandoned = contextLost;
        if (inflater == null && !contextLost) {
            inflater = new Inflater(true);
        }
    }

    /** Inflates the next compressed bytes of the current message into {@code into}; consumes all of them. */
    void inflate(byte[] in, int off, int len, KeptBytes into) {
        if (abandoned || len == 0) {
            return;
        }
        if (inflater.finished()) {
            abandoned = true;   // bytes after a final deflate block: not a stream we can follow
            return;
        }
        inflater.setInput(in, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    produced += n;
                    into.append(out, 0, n);
                    if (produced > inflateLimit) {
                        giveUp();
                        return;
                    }
                    if (resetEachMessage && into.overflowed()) {
                        abandoned = true;   // nothing later depends on the rest: stop spending CPU on it
                        return;
                    }
                } else if (inflater.finished()) {
                    if (inflater.getRemaining() > 0) {
                        abandoned = true;
                    }
                    return;
                } else if (inflater.needsInput()) {
                    return;
                } else {
                    giveUp();   // a preset dictionary: not permessage-deflate
                    return;
                }
            }
        } catch (DataFormatException e) {
            giveUp();
        }
    }

    /** Ends the current message: appends the flush marker and resets the context when it is not taken over. */
    void end(KeptBytes into) {
        if (!abandoned && !inflater.finished()) {
            inflate(TAIL, 0, TAIL.length, into);
        }
        if (inflater != null && (resetEachMessage || inflater.finished()) && !contextLost) {
            inflater.reset();
        }
    }

    /** The current message could not be inflated to its end (beyond what its kept bytes already say). */
    boolean abandoned() {
        return abandoned;
    }

    void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        contextLost = true;
    }

    private void giveUp() {
        abandoned = true;
        if (!resetEachMessage) {
            contextLost = true;
        }
    }
}
