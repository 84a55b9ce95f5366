package dev.trygr.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf encoder for the messages the simulator sends (MCS stanzas, checkin bodies): varints,
 * fixed64, strings, bytes and nested messages, written in call order. Decoding is capture's
 * {@code dev.trygr.capture.fcm.ProtoReader}.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        writeVarint(out, value);
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    ProtoWriter fixed64(int field, long value) {
        key(field, I64);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, LEN);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        writeVarint(out, ((long) field << 3) | wireType);
    }

    /** Writes {@code value} as an unsigned base-128 varint (negative numbers take ten bytes, as protobuf does). */
    static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
