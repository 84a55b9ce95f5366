package dev.trygr.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Builds WebSocket frames byte by byte (RFC 6455 §5.2), masked or not, for tests that speak WebSocket by hand. */
public final class WsFrames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int maskSeed = 0x37;

    private WsFrames() {
    }

    public static WsFrames stream() {
        return new WsFrames();
    }

    /** A frame; {@code masked} adds a mask key (varying per frame) and masks the payload. */
    public WsFrames frame(boolean fin, boolean rsv1, int opcode, boolean masked, byte[] payload) {
        return frame(fin ? 0x80 : 0, rsv1, opcode, masked, payload);
    }

    private WsFrames frame(int finBit, boolean rsv1, int opcode, boolean masked, byte[] payload) {
        out.write(finBit | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            out.write(maskBit | n);
        } else if (n < 65536) {
            out.write(maskBit | 126);
            out.write(n >>> 8);
            out.write(n & 0xff);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) n >>> shift) & 0xff));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = {(byte) maskSeed, (byte) (maskSeed * 3), (byte) (maskSeed * 7), (byte) (maskSeed * 11 + 1)};
            maskSeed += 13;
            out.writeBytes(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        out.writeBytes(body);
        return this;
    }

    /** Appends bytes as they are (headers by hand, garbage). */
    public WsFrames raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public WsFrames raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code n} bytes of a repeating, recognisable pattern. */
    public static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    /**
     * One message's compressed payload as permessage-deflate sends it: deflated with SYNC_FLUSH (continuing the
     * deflater's context) and the trailing {@code 00 00 ff ff} removed.
     */
    public static byte[] deflate(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            if (n < buf.length && deflater.needsInput()) {
                break;
            }
        }
        byte[] all = out.toByteArray();
        byte[] tail = Arrays.copyOfRange(all, all.length - 4, all.length);
        if (!Arrays.equals(tail, new byte[] {0, 0, (byte) 0xff, (byte) 0xff})) {
            throw new IllegalStateException("SYNC_FLUSH output does not end with 00 00 ff ff");
        }
        return Arrays.copyOf(all, all.length - 4);
    }

    public static Deflater rawDeflater() {
        return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }
}
