package dev.trygr.capture.fcm;

import java.util.Optional;

/** The MCS message tags ({@code MCSProtoTag}), the byte in front of every frame. */
public enum McsTag {
    HEARTBEAT_PING(0),
    HEARTBEAT_ACK(1),
    LOGIN_REQUEST(2),
    LOGIN_RESPONSE(3),
    CLOSE(4),
    MESSAGE_STANZA(5),
    PRESENCE_STANZA(6),
    IQ_STANZA(7),
    DATA_MESSAGE_STANZA(8),
    BATCH_PRESENCE_STANZA(9),
    STREAM_ERROR_STANZA(10),
    HTTP_REQUEST(11),
    HTTP_RESPONSE(12),
    BIND_ACCOUNT_REQUEST(13),
    BIND_ACCOUNT_RESPONSE(14),
    TALK_METADATA(15);

    private final int code;

    McsTag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<McsTag> of(int code) {
        McsTag[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }

    /** The tag's name, or {@code tag N} for a tag outside the table. */
    public static String describe(int code) {
        return of(code).map(Enum::name).orElse("tag " + code);
    }
}
