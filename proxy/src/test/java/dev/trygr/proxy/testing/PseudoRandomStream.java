package dev.trygr.proxy.testing;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A deterministic stream of {@code length} pseudo-random bytes derived from {@code seed} (SplitMix64, so the
 * sequence is fixed forever and does not depend on the JDK). Generated on the fly: memory stays constant
 * whatever the length. Byte {@code i} of a stream is the same whatever the read sizes used.
 */
public final class PseudoRandomStream extends InputStream {

    private final long length;
    private long state;
    private long position;
    private long word;

    /** A stream of {@code length} bytes from {@code seed}. */
    public PseudoRandomStream(long length, long seed) {
        if (length < 0) {
            throw new IllegalArgumentException("length < 0");
        }
        this.length = length;
        this.state = seed;
    }

    /** Hex SHA-256 of the {@code length} bytes that {@code new PseudoRandomStream(length, seed)} produces. */
    public static String sha256(long length, long seed) {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        try (PseudoRandomStream in = new PseudoRandomStream(length, seed)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 of a byte array (for comparing against {@link #sha256(long, long)}). */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The total number of bytes this stream produces. */
    public long length() {
        return length;
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return nextByte() & 0xff;
    }

    @Override
    public int read(byte[] b) {
        return read(b, 0, b.length);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = nextByte();
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }

    @Override
    public void close() {
        // nothing to release; declared without IOException for try-with-resources convenience
    }

    private byte nextByte() {
        int shift = (int) (position & 7);
        if (shift == 0) {
            word = splitMix64();
        }
        position++;
        return (byte) (word >>> (shift * 8));
    }

    private long splitMix64() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
