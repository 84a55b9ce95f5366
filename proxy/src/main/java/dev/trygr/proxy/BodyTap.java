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
    private final int limit;
    private final MessageDigest sha256;
    private byte[] kept = new byte[0];
    private int keptLength;
    private long length;

    BodyTap(long limit, boolean hash) {
        this.limit = (int) Math.min(Math.max(limit, 0), Integer.MAX_VALUE - 16);
        this.sha256 = hash ? newDigest() : null;
    }

    void tap(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            return;
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

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
