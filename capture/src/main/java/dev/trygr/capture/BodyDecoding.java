package dev.trygr.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes a body's {@code Content-Encoding} for display. Bodies are stored as they were on the wire, so a
 * recorded body may be compressed, compressed twice ({@code gzip, br}: gzip applied first, so br is
 * undone first), cut short by {@code --max-body}, corrupt, or a decompression bomb. Every case yields
 * the bytes that could be decoded and a note saying what happened; nothing here throws.
 *
 * <p>Decoded output is capped ({@link #MAX_DECODED_BYTES} by default), so a few kilobytes of gzip that
 * inflate to gigabytes cost at most the cap in memory.
 */
public final class BodyDecoding {

    /** The most bytes one body decodes to (per layer); the rest is dropped with a note. */
    public static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;

    private static final int BUFFER = 8192;
    /**
     * org.brotli.dec decodes straight into the caller's array and loses that read's output when the
     * input ends early, so smaller reads keep more of a truncated body.
     */
    private static final int BROTLI_READ = 1024;
    /** What a cut brotli stream is padded with to find the output that does not depend on the padding. */
    private static final byte[] BROTLI_PROBE_FILLS = {(byte) 0xff, (byte) 0x55};
    private static final int BROTLI_PROBE_LENGTH = 64;

    private BodyDecoding() {
    }

    /**
     * A decoded body.
     *
     * @param bytes the decoded bytes, or the stored bytes where they could not be decoded; never null
     * @param note  what the reader should know (truncation, corruption, an unsupported encoding, the cap);
     *              empty when the body decoded cleanly; never null
     */
    public record Decoded(byte[] bytes, String note) {
        public Decoded {
            bytes = bytes == null ? new byte[0] : bytes;
            note = note == null ? "" : note;
        }

        /** Whether there is something to tell about how the body was decoded. */
        public boolean hasNote() {
            return !note.isEmpty();
        }
    }

    /**
     * Decodes a stored body.
     *
     * @param stored          the body as recorded (may be null: read as empty)
     * @param contentEncoding the {@code Content-Encoding} header value as sent, e.g. {@code "gzip, br"};
     *                        null or blank for none
     * @param truncated       whether the recorder stored only a prefix of the body
     */
    public static Decoded decode(byte[] stored, String contentEncoding, boolean truncated) {
        return decode(stored, contentEncoding, truncated, MAX_DECODED_BYTES);
    }

    /**
     * Decodes a whole body completely, or not at all: null when any coding is unknown, corrupt, cut short or
     * decodes past {@link #MAX_DECODED_BYTES}. For scanning bodies for secrets, where a partial result is no use.
     */
    public static byte[] decodeWhole(byte[] body, String contentEncoding) {
        Decoded decoded = decode(body, contentEncoding, false);
        return decoded.hasNote() ? null : decoded.bytes();
    }

    static Decoded decode(byte[] stored, String contentEncoding, boolean truncated, int maxBytes) {
        byte[] bytes = stored == null ? new byte[0] : stored;
        List<String> codings = codings(contentEncoding);
        List<String> notes = new ArrayList<>();
        boolean incomplete = truncated;
        boolean truncationExplained = false;
        // Codings are listed in the order they were applied; undo the last one first.
        for (int i = codings.size() - 1; i >= 0 && bytes.length > 0; i--) {
            String coding = codings.get(i);
            String stillEncoded = String.join(", ", codings.subList(0, i + 1));
            if (!isSupported(coding)) {
                notes.add("content-encoding \"" + coding + "\" is not supported; showing the bytes still "
                        + stillEncoded + "-encoded");
                break;
            }
            Attempt attempt = undo(coding, bytes, incomplete, maxBytes);
            if (attempt.failure != null && attempt.bytes.length == 0) {
                notes.add("could not decode " + coding + " (" + attempt.failure + "); showing the bytes still "
                        + stillEncoded + "-encoded");
                break;
            }
            if (attempt.failure != null && incomplete) {
                notes.add((truncated && !truncationExplained ? "body was truncated when recorded; " : "")
                        + coding + " decoded as far as the bytes go (" + byteCount(attempt.bytes.length)
                        + ")");
                truncationExplained = truncated;
            } else if (attempt.failure != null) {
                notes.add(coding + " stream is corrupt or incomplete (" + attempt.failure + "); showing the "
                        + byteCount(attempt.bytes.length) + " decoded before the error");
                incomplete = true;
            }
            if (attempt.capped) {
                notes.add("decoded body is larger than " + byteCount(maxBytes) + "; showing the first "
                        + byteCount(maxBytes));
                incomplete = true;
            }
            bytes = attempt.bytes;
        }
        if (truncated && !truncationExplained) {
            notes.add(0, "body was truncated when recorded (" + byteCount(stored == null ? 0 : stored.length)
                    + " stored)");
        }
        return new Decoded(bytes, String.join("; ", notes));
    }

    /** The codings in the order they were applied, lower case, without {@code identity} and empty items. */
    public static List<String> codings(String contentEncoding) {
        List<String> codings = new ArrayList<>();
        if (contentEncoding == null) {
            return codings;
        }
        for (String item : contentEncoding.split(",")) {
            String coding = item.trim().toLowerCase(Locale.ROOT);
            if (!coding.isEmpty() && !coding.equals("identity")) {
                codings.add(coding);
            }
        }
        return codings;
    }

    private static boolean isSupported(String coding) {
        return switch (coding) {
            case "gzip", "x-gzip", "deflate", "br" -> true;
            default -> false;
        };
    }

    private record Attempt(byte[] bytes, String failure, boolean capped) {
    }

    private static Attempt undo(String coding, byte[] input, boolean incomplete, int maxBytes) {
        return switch (coding) {
            case "gzip", "x-gzip" ->
                    drain(() -> new GZIPInputStream(new ByteArrayInputStream(input), BUFFER), BUFFER, maxBytes);
            case "br" -> unbrotli(input, incomplete, maxBytes);
            case "deflate" -> inflate(input, maxBytes);
            default -> throw new IllegalArgumentException("unsupported coding " + coding);
        };
    }

    /**
     * org.brotli.dec reads zero bits past the end of its input before it notices the input has ended, so
     * a cut stream decodes to made-up bytes after the cut (runs of '0' or '2', say). Output that comes out
     * the same whatever follows the input depends on the input alone; only that much is kept. Whole,
     * intact streams decode once.
     */
    private static Attempt unbrotli(byte[] input, boolean incomplete, int maxBytes) {
        Attempt plain = drain(() -> new BrotliInputStream(new ByteArrayInputStream(input)), BROTLI_READ, maxBytes);
        if (!incomplete && plain.failure == null) {
            return plain;
        }
        byte[] trusted = plain.bytes;
        for (byte fill : BROTLI_PROBE_FILLS) {
            byte[] padded = Arrays.copyOf(input, input.length + BROTLI_PROBE_LENGTH);
            Arrays.fill(padded, input.length, padded.length, fill);
            Attempt probe = drain(() -> new BrotliInputStream(new ByteArrayInputStream(padded)), BROTLI_READ, maxBytes);
            int agreed = Arrays.mismatch(trusted, probe.bytes);
            if (agreed >= 0) {
                trusted = Arrays.copyOf(trusted, agreed);
            }
        }
        if (plain.failure == null && trusted.length == plain.bytes.length) {
            return plain;
        }
        String failure = plain.failure == null ? "the stream ends early" : plain.failure;
        return new Attempt(trusted, failure, false);
    }

    /**
     * HTTP "deflate" is meant to be zlib-wrapped, but servers often send raw deflate, and browsers accept
     * both; so do we: zlib when the first two bytes are a valid zlib header, raw otherwise, and the other
     * one when the first choice decodes nothing.
     */
    private static Attempt inflate(byte[] input, int maxBytes) {
        boolean zlib = looksLikeZlib(input);
        Attempt first = inflate(input, !zlib, maxBytes);
        if (first.failure == null || first.bytes.length > 0) {
            return first;
        }
        Attempt second = inflate(input, zlib, maxBytes);
        return second.failure == null || second.bytes.length > 0 ? second : first;
    }

    private static Attempt inflate(byte[] input, boolean raw, int maxBytes) {
        Inflater inflater = new Inflater(raw);
        try {
            return drain(() -> new InflaterInputStream(new ByteArrayInputStream(input), inflater, BUFFER),
                    BUFFER, maxBytes);
        } finally {
            inflater.end();
        }
    }

    /** RFC 1950: compression method 8, window at most 32 KiB, header checksum a multiple of 31. */
    static boolean looksLikeZlib(byte[] input) {
        if (input.length < 2) {
            return false;
        }
        int cmf = input[0] & 0xff;
        int flg = input[1] & 0xff;
        return (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** Reads a decoder to its end, to the cap, or to its first error, keeping everything decoded so far. */
    private static Attempt drain(Opener opener, int readSize, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        try (InputStream in = opener.open()) {
            while (true) {
                // One byte past the cap tells a body of exactly the cap from a bigger one.
                int want = (int) Math.min(buffer.length, (long) maxBytes - out.size() + 1);
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    return new Attempt(out.toByteArray(), null, false);
                }
                if (out.size() + n > maxBytes) {
                    out.write(buffer, 0, maxBytes - out.size());
                    return new Attempt(out.toByteArray(), null, true);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            return new Attempt(out.toByteArray(), describe(e), false);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)) {
            message = message == null ? cause.getMessage() : message + ": " + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String byteCount(long n) {
        return String.format(Locale.ROOT, "%,d bytes", n);
    }
}
