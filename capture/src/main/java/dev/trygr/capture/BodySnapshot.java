package dev.trygr.capture;

import java.util.Objects;

/**
 * What the recorder kept of one message body: the first {@code stored.length} bytes as they were on the wire
 * (de-chunked, Content-Encoding left as it was), the body's full length, and the SHA-256 of the full body.
 *
 * @param stored         the kept bytes, at most the recorder's body limit; empty when nothing was kept
 * @param originalLength how many body bytes crossed the wire
 * @param truncated      true when {@code stored} is shorter than the body (limit reached, or bytes dropped)
 * @param sha256         SHA-256 of the whole body as on the wire (32 bytes), or null when not computed
 */
public record BodySnapshot(byte[] stored, long originalLength, boolean truncated, byte[] sha256) {
    public static final BodySnapshot EMPTY = new BodySnapshot(new byte[0], 0, false, null);

    public BodySnapshot {
        Objects.requireNonNull(stored, "stored");
        if (originalLength < stored.length) {
            throw new IllegalArgumentException("originalLength " + originalLength + " < stored " + stored.length);
        }
    }

    public boolean isEmpty() {
        return originalLength == 0;
    }

    /** The same body with its kept bytes dropped (used when the recorder is overloaded). */
    public BodySnapshot withoutBytes() {
        return new BodySnapshot(new byte[0], originalLength, originalLength > 0, sha256);
    }
}
