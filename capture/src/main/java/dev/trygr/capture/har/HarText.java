package dev.trygr.capture.har;

import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One HAR string value (a body's {@code text}, a WebSocket message's {@code data}) read through Jackson's
 * {@code getText(Writer)}: keeps the first characters, enough for {@code maxBody} bytes whether the text turns out to
 * be plain or base64 (HAR says which in a field that may come after the text), and counts the rest, so the full
 * length is known without holding the whole value twice.
 */
final class HarText extends Writer {
    /**
     * The bytes kept of a value and the length of all of it.
     *
     * @param kept   at most {@code maxBody} bytes
     * @param length the whole value's length in bytes
     */
    record Bytes(byte[] kept, long length) {
        boolean truncated() {
            return length > kept.length;
        }
    }

    private final int maxBody;
    private final int keepChars;
    private final StringBuilder kept;
    private long chars;
    private long utf8Bytes;
    private long base64Chars;
    private long otherChars;
    private boolean pendingHigh;

    HarText(int maxBody) {
        this.maxBody = maxBody;
        // base64 needs 4 characters per 3 bytes; UTF-8 at least one byte per character
        this.keepChars = (int) Math.min(Integer.MAX_VALUE - 16L, (maxBody + 2L) / 3 * 4 + 4);
        this.kept = new StringBuilder(Math.min(keepChars, 8192));
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            count(buffer[i]);
        }
        int room = keepChars - kept.length();
        if (room > 0) {
            kept.append(buffer, offset, Math.min(room, length));
        }
    }

    @Override
    public void write(String s, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            count(s.charAt(i));
        }
        int room = keepChars - kept.length();
        if (room > 0) {
            kept.append(s, offset, offset + Math.min(room, length));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    long chars() {
        return chars;
    }

    /** The value as UTF-8: the first {@code maxBody} bytes and the full length. */
    Bytes utf8() {
        byte[] bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
        long length = chars == kept.length() ? bytes.length : utf8Bytes + (pendingHigh ? 1 : 0);
        return new Bytes(bytes.length <= maxBody ? bytes : Arrays.copyOf(bytes, maxBody), length);
    }

    /** The value base64-decoded (standard or URL alphabet, whitespace ignored), or null when it is not base64. */
    Bytes base64() {
        if (otherChars > 0) {
            return null;
        }
        byte[] alphabet = new byte[kept.length()];
        int n = 0;
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            if (c == '-') {
                alphabet[n++] = '+';
            } else if (c == '_') {
                alphabet[n++] = '/';
            } else if (isBase64(c)) {
                alphabet[n++] = (byte) c;
            }
        }
        boolean whole = chars == kept.length();
        int usable = whole ? n : n / 4 * 4;
        byte[] decoded;
        try {
            ByteBuffer out = Base64.getDecoder().decode(ByteBuffer.wrap(alphabet, 0, usable));
            decoded = new byte[out.remaining()];
            out.get(decoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        long length = base64Chars * 3 / 4;
        return new Bytes(decoded.length <= maxBody ? decoded : Arrays.copyOf(decoded, maxBody),
                Math.max(length, decoded.length));
    }

    private void count(char c) {
        chars++;
        if (pendingHigh) {
            pendingHigh = false;
            if (Character.isLowSurrogate(c)) {
                utf8Bytes += 4;
                return;
            }
            utf8Bytes += 1; // a lone surrogate is written as '?'
        }
        if (c < 0x80) {
            utf8Bytes += 1;
        } else if (c < 0x800) {
            utf8Bytes += 2;
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = true;
        } else if (Character.isLowSurrogate(c)) {
            utf8Bytes += 1;
        } else {
            utf8Bytes += 3;
        }
        if (isBase64(c) || c == '-' || c == '_') {
            base64Chars++;
        } else if (c != '=' && !Character.isWhitespace(c)) {
            otherChars++;
        }
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
