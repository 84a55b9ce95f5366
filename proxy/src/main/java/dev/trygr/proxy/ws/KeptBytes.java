package dev.trygr.proxy.ws;

import java.util.Arrays;

/** The first {@code limit} bytes of something and a count of all of it; grows as bytes arrive, never past the limit. */
final class KeptBytes {
    private static final byte[] NONE = new byte[0];
    private static final int FIRST_CAPACITY = 256;

    private final int limit;
    private byte[] bytes = NONE;
    private int size;
    private long total;

    KeptBytes(int limit) {
        this.limit = Math.max(limit, 0);
    }

    void append(byte[] src, int off, int len) {
        total += len;
        int n = Math.min(limit - size, len);
        if (n <= 0) {
            return;
        }
        if (size + n > bytes.length) {
            int wanted = Math.max(size + n, Math.max(FIRST_CAPACITY, bytes.length * 2));
            bytes = Arrays.copyOf(bytes, Math.min(wanted, limit));
        }
        System.arraycopy(src, off, bytes, size, n);
        size += n;
    }

    /** More bytes were appended than kept. */
    boolean overflowed() {
        return total > limit;
    }

    byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
