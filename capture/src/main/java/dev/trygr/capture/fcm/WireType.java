package dev.trygr.capture.fcm;

import java.util.Optional;

/** The protobuf wire types. Groups are understood only well enough to skip them. */
public enum WireType {
    VARINT(0),
    I64(1),
    LEN(2),
    START_GROUP(3),
    END_GROUP(4),
    I32(5);

    private final int code;

    WireType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The wire type with this 3-bit code; 6 and 7 are not wire types. */
    public static Optional<WireType> of(int code) {
        for (WireType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
