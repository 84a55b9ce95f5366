package dev.trygr.capture.fcm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of one protobuf message, in wire order, read in place from a buffer. For a scalar field that occurs
 * more than once the last occurrence wins, as in protobuf. Accessors check the wire type against what the caller
 * expects and throw {@link ProtoFormatException} on a mismatch or on a malformed nested message; decoders catch it
 * at their boundary.
 */
public final class ProtoMessage {
    private final byte[] buf;
    private final int offset;
    private final int length;
    private final List<ProtoField> fields;

    ProtoMessage(byte[] buf, int offset, int length, List<ProtoField> fields) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        this.fields = List.copyOf(fields);
    }

    /** Every field in wire order, unknown ones included. */
    public List<ProtoField> fields() {
        return fields;
    }

    /** The encoded size of this message in bytes. */
    public int size() {
        return length;
    }

    public boolean has(int number) {
        return last(number).isPresent();
    }

    /** A varint field (int32, int64, uint64, bool, enum), as raw 64 bits; also accepts a fixed64 encoding. */
    public OptionalLong varint(int number) {
        Optional<ProtoField> f = last(number);
        if (f.isEmpty()) {
            return OptionalLong.empty();
        }
        WireType t = f.get().wireType();
        if (t != WireType.VARINT && t != WireType.I64) {
            throw mismatch(number, "a varint", t);
        }
        return OptionalLong.of(f.get().value());
    }

    /** A fixed64 field; also accepts a varint encoding (some writers disagree on int64 versus fixed64). */
    public OptionalLong fixed64(int number) {
        return varint(number);
    }

    /** A fixed32 field, zero-extended. */
    public OptionalLong fixed32(int number) {
        Optional<ProtoField> f = last(number);
        if (f.isEmpty()) {
            return OptionalLong.empty();
        }
        if (f.get().wireType() != WireType.I32) {
            throw mismatch(number, "a fixed32", f.get().wireType());
        }
        return OptionalLong.of(f.get().value());
    }

    /** An int32 field, or {@code absent}. */
    public int int32(int number, int absent) {
        OptionalLong v = varint(number);
        return v.isPresent() ? (int) v.getAsLong() : absent;
    }

    /** An int64 field, or {@code absent}. */
    public long int64(int number, long absent) {
        return varint(number).orElse(absent);
    }

    /** A bool field; absent is false. */
    public boolean bool(int number) {
        return varint(number).orElse(0) != 0;
    }

    /** A string field decoded as UTF-8 (malformed sequences become U+FFFD). */
    public Optional<String> string(int number) {
        return last(number).map(f -> text(checkLen(f)));
    }

    /** A string field, or the empty string when absent. */
    public String stringOrEmpty(int number) {
        return string(number).orElse("");
    }

    /** A bytes field, copied. */
    public Optional<byte[]> bytes(int number) {
        return last(number).map(f -> bytes(checkLen(f)));
    }

    /** A nested message field. */
    public Optional<ProtoMessage> message(int number) {
        return last(number).map(f -> nested(checkLen(f)));
    }

    /** Every occurrence of a repeated string field. */
    public List<String> strings(int number) {
        List<String> out = new ArrayList<>();
        for (ProtoField f : all(number)) {
            out.add(text(checkLen(f)));
        }
        return List.copyOf(out);
    }

    /** Every occurrence of a repeated nested message field. */
    public List<ProtoMessage> messages(int number) {
        List<ProtoMessage> out = new ArrayList<>();
        for (ProtoField f : all(number)) {
            out.add(nested(checkLen(f)));
        }
        return List.copyOf(out);
    }

    /** The payload of a length-delimited field, copied. */
    public byte[] bytes(ProtoField field) {
        checkLen(field);
        return Arrays.copyOfRange(buf, field.offset(), field.offset() + field.length());
    }

    private String text(ProtoField f) {
        return new String(buf, f.offset(), f.length(), StandardCharsets.UTF_8);
    }

    private ProtoMessage nested(ProtoField f) {
        try {
            return ProtoReader.parse(buf, f.offset(), f.length());
        } catch (ProtoFormatException e) {
            throw new ProtoFormatException("field " + f.number() + ": " + e.getMessage());
        }
    }

    private Optional<ProtoField> last(int number) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).number() == number) {
                return Optional.of(fields.get(i));
            }
        }
        return Optional.empty();
    }

    private List<ProtoField> all(int number) {
        List<ProtoField> out = new ArrayList<>();
        for (ProtoField f : fields) {
            if (f.number() == number) {
                out.add(f);
            }
        }
        return out;
    }

    private ProtoField checkLen(ProtoField f) {
        if (f.wireType() != WireType.LEN) {
            throw mismatch(f.number(), "length-delimited", f.wireType());
        }
        if (f.offset() < offset || f.offset() + f.length() > offset + length) {
            throw new IllegalArgumentException("field " + f.number() + " is not from this message");
        }
        return f;
    }

    private static ProtoFormatException mismatch(int number, String wanted, WireType got) {
        return new ProtoFormatException("field " + number + ": expected " + wanted + ", got wire type " + got);
    }

    @Override
    public String toString() {
        return "ProtoMessage[" + fields.size() + " fields, " + length + " bytes]";
    }
}
