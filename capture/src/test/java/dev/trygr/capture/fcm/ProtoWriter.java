package dev.trygr.capture.fcm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-only protobuf writer: just enough to build messages by hand. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static ProtoWriter message() {
        return new ProtoWriter();
    }

    ProtoWriter varint(int field, long value) {
        key(field, 0);
        rawVarint(value);
        return this;
    }

    ProtoWriter fixed64(int field, long value) {
        key(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ProtoWriter fixed32(int field, int value) {
        key(field, 5);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.build());
    }

    /** Appends bytes as they are, to build malformed input. */
    ProtoWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    ProtoWriter key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
        return this;
    }

    ProtoWriter rawVarint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** A varint on its own, for length prefixes. */
    static byte[] varintBytes(long value) {
        return new ProtoWriter().rawVarint(value).build();
    }
}
