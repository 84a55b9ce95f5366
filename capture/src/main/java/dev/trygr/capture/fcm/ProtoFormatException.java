package dev.trygr.capture.fcm;

/**
 * Bytes that are not a well-formed protobuf message, or a field whose wire type does not match what the schema
 * says. The message names the field and the offset, never the field's content.
 */
public final class ProtoFormatException extends RuntimeException {
    public ProtoFormatException(String message) {
        super(message);
    }
}
