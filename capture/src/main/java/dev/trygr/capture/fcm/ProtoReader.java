package dev.trygr.capture.fcm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A minimal protobuf wire-format reader: splits one message into its fields without a schema. Varints of at most
 * ten bytes, fixed 64 and 32-bit values, and length-delimited payloads are kept; groups are skipped. Every length is
 * checked against the bytes actually present before anything is read, so a huge declared length costs nothing. The
 * payload bytes are not copied: the resulting {@link ProtoMessage} reads them in place.
 *
 * <p>{@link #read} never throws on malformed bytes (only on an offset/length outside the array, a caller bug);
 * {@link #parse} throws {@link ProtoFormatException} with the reason.
 */
public final class ProtoReader {
    /** Largest field number protobuf allows (2^29 - 1). */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;
    private static final int MAX_GROUP_DEPTH = 64;

    private final byte[] buf;
    private final int end;
    private int pos;

    private ProtoReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** The fields of {@code message}, or empty if it is not a well-formed protobuf message. */
    public static Optional<ProtoMessage> read(byte[] message) {
        return message == null ? Optional.empty() : read(message, 0, message.length);
    }

    /** The fields of the {@code length} bytes at {@code offset}, or empty if they are not a well-formed message. */
    public static Optional<ProtoMessage> read(byte[] buf, int offset, int length) {
        try {
            return Optional.of(parse(buf, offset, length));
        } catch (ProtoFormatException e) {
            return Optional.empty();
        }
    }

    /** The fields of {@code message}; throws {@link ProtoFormatException} naming what is wrong. */
    public static ProtoMessage parse(byte[] message) {
        Objects.requireNonNull(message, "message");
        return parse(message, 0, message.length);
    }

    /** The fields of the {@code length} bytes at {@code offset}; throws {@link ProtoFormatException}. */
    public static ProtoMessage parse(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        ProtoReader r = new ProtoReader(buf, offset, length);
        List<ProtoField> fields = new ArrayList<>();
        while (r.pos < r.end) {
            ProtoField f = r.field(0);
            if (f != null) {
                fields.add(f);
            }
        }
        return new ProtoMessage(buf, offset, length, fields);
    }

    /** A varint's value and how many bytes it took. */
    record Varint(long value, int size) {
    }

    /**
     * Reads a varint from {@code buf} starting at {@code offset}, reading no further than {@code end}. Returns null
     * when the varint is truncated (more bytes may come); throws when it is longer than {@code maxBytes} bytes or
     * overflows 64 bits. Frame decoders use it for the length prefix.
     */
    static Varint varintAt(byte[] buf, int offset, int end, int maxBytes) {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (offset + i >= end) {
                return null;
            }
            int b = buf[offset + i] & 0xff;
            if (i == 9 && b > 1) {
                throw new ProtoFormatException("varint overflows 64 bits at offset " + offset);
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return new Varint(value, i + 1);
            }
        }
        throw new ProtoFormatException("varint longer than " + maxBytes + " bytes at offset " + offset);
    }

    /** One field, or null for a skipped group; throws at the first malformed byte. */
    private ProtoField field(int depth) {
        int at = pos;
        long key = varint();
        int code = (int) (key & 7);
        long number = key >>> 3;
        if (number == 0 || number > MAX_FIELD_NUMBER) {
            throw new ProtoFormatException("invalid field number " + number + " at offset " + at);
        }
        WireType type = WireType.of(code)
                .orElseThrow(() -> new ProtoFormatException("unknown wire type " + code + " at offset " + at));
        int n = (int) number;
        switch (type) {
            case VARINT:
                return new ProtoField(n, type, varint(), 0, 0);
            case I64:
                return new ProtoField(n, type, fixed(8), 0, 0);
            case I32:
                return new ProtoField(n, type, fixed(4), 0, 0);
            case LEN: {
                int lenAt = pos;
                long len = varint();
                if (len < 0 || len > end - pos) {
                    throw new ProtoFormatException("field " + n + " declares " + Long.toUnsignedString(len)
                            + " bytes at offset " + lenAt + " but only " + (end - pos) + " remain");
                }
                int offset = pos;
                pos += (int) len;
                return new ProtoField(n, type, 0, offset, (int) len);
            }
            case START_GROUP:
                skipGroup(n, depth + 1, at);
                return null;
            default:
                throw new ProtoFormatException("unexpected end-group for field " + n + " at offset " + at);
        }
    }

    private void skipGroup(int number, int depth, int at) {
        if (depth > MAX_GROUP_DEPTH) {
            throw new ProtoFormatException("groups nested deeper than " + MAX_GROUP_DEPTH + " at offset " + at);
        }
        while (pos < end) {
            int keyAt = pos;
            long key = varint();
            if ((key & 7) == WireType.END_GROUP.code()) {
                if ((key >>> 3) != number) {
                    throw new ProtoFormatException("end-group " + (key >>> 3) + " does not close group " + number
                            + " at offset " + keyAt);
                }
                return;
            }
            pos = keyAt;
            field(depth);
        }
        throw new ProtoFormatException("group " + number + " at offset " + at + " is not closed");
    }

    private long varint() {
        Varint v = varintAt(buf, pos, end, 10);
        if (v == null) {
            throw new ProtoFormatException("truncated varint at offset " + pos);
        }
        pos += v.size();
        return v.value();
    }

    private long fixed(int size) {
        if (end - pos < size) {
            throw new ProtoFormatException("truncated " + (size * 8) + "-bit value at offset " + pos);
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += size;
        return v;
    }
}
