package dev.trygr.capture.fcm;

/**
 * One field as it appeared on the wire. For {@link WireType#VARINT}, {@link WireType#I64} and {@link WireType#I32}
 * the value is in {@code value} (the raw 64 bits; I32 zero-extended); for {@link WireType#LEN} the payload is the
 * {@code length} bytes at {@code offset} in the buffer of the {@link ProtoMessage} the field came from.
 */
public record ProtoField(int number, WireType wireType, long value, int offset, int length) {
}
