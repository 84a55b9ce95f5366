package dev.trygr.proxy;

import dev.trygr.capture.BodySnapshot;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Watches a body stream go by: counts it, hashes it, and copies at most {@code limit} bytes by absolute index.
 * It never retains or releases the buffers it is shown.
 */
final class BodyTap {
    private static final byte[] NONE = new byte[0];
    private static final MessageDigest PROTOTYPE = digest();

    private final int limit;
    private final boolean hash;
    /** Made at the first byte: most requests have no body, and a digest costs a provider lookup. */
    private MessageDigest sha256;
    private byte[] kept = NONE;
    private int keptLength;
    private long length;

    BodyTap(long limit, boolean hash) {
        this.limit = (int) Math.min(Math.max(limit, 0), Integer.MAX_VALUE - 16);
        this.hash = hash;
    }

    void tap(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            return;
        }
        if (hash && sha256 == null) {
            sha256 = newDigest();
        }
        length += readable;
        int take = Math.min(readable, limit - keptLength);
        if (take > 0) {
            if (keptLength + take > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(limit, Math.max(keptLength + take, kept.length * 2 + 256)));
            }
            buf.getBytes(buf.readerIndex(), kept, keptLength, take);
            keptLength += take;
        }
        if (sha256 != null) {
            if (buf.nioBufferCount() == 1) {
                sha256.update(buf.nioBuffer(buf.readerIndex(), readable));
            } else {
                for (ByteBuffer part : buf.nioBuffers(buf.readerIndex(), readable)) {
                    sha256.update(part);
                }
            }
        }
    }

    long length() {
        return length;
    }

    BodySnapshot snapshot() {
        byte[] stored = keptLength == kept.length ? kept : Arrays.copyOf(kept, keptLength);
        byte[] digest = sha256 == null || length == 0 ? null : sha256.digest();
        return new BodySnapshot(stored, length, keptLength < length, digest);
    }

    /** A clone of one digest: {@code getInstance} looks the provider up each time (2 % of an event loop's time). */
    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return digest();   // a provider whose digests cannot be cloned
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
