package dev.trygr.capture.fcm;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Turns one MCS frame body into a {@link McsFrame}, by tag. Pure; never throws. */
final class McsFrameParser {
    private McsFrameParser() {
    }

    /** Whether {@link #parse} reads frames with this tag (the others become {@link McsFrame.Unknown}). */
    static boolean reads(int tag) {
        return switch (tag) {
            case 0, 1, 2, 3, 4, 7, 8, 10 -> true;
            default -> false;
        };
    }

    static McsFrame parse(int tag, byte[] buf, int offset, int length) {
        if (!reads(tag)) {
            return new McsFrame.Unknown(tag, length);
        }
        try {
            ProtoMessage m = ProtoReader.parse(buf, offset, length);
            return switch (tag) {
                case 0 -> new McsFrame.HeartbeatPing(m.int32(1, 0), m.int32(2, 0), m.int64(3, 0));
                case 1 -> new McsFrame.HeartbeatAck(m.int32(1, 0), m.int32(2, 0), m.int64(3, 0));
                case 2 -> loginRequest(m);
                case 3 -> loginResponse(m);
                case 4 -> new McsFrame.Close();
                case 7 -> iqStanza(m);
                case 8 -> dataMessage(m);
                default -> new McsFrame.StreamError(m.stringOrEmpty(1), m.stringOrEmpty(2));
            };
        } catch (ProtoFormatException e) {
            return new McsFrame.Malformed(tag, McsTag.describe(tag) + ": " + e.getMessage());
        }
    }

    private static McsFrame loginRequest(ProtoMessage m) {
        List<McsFrame.Setting> settings = new ArrayList<>();
        for (ProtoMessage s : m.messages(8)) {
            settings.add(new McsFrame.Setting(s.stringOrEmpty(1), s.stringOrEmpty(2)));
        }
        return new McsFrame.LoginRequest(
                m.stringOrEmpty(1),
                m.stringOrEmpty(2),
                m.stringOrEmpty(3),
                m.stringOrEmpty(4),
                m.stringOrEmpty(5),
                m.stringOrEmpty(6),
                m.strings(10),
                settings);
    }

    private static McsFrame loginResponse(ProtoMessage m) {
        OptionalInt interval = OptionalInt.empty();
        var heartbeat = m.message(7);
        if (heartbeat.isPresent()) {
            OptionalLong ms = heartbeat.get().varint(3);
            if (ms.isPresent()) {
                interval = OptionalInt.of((int) ms.getAsLong());
            }
        }
        return new McsFrame.LoginResponse(
                m.stringOrEmpty(1),
                m.stringOrEmpty(2),
                m.message(3).map(e -> new McsFrame.ErrorInfo(e.int32(1, 0), e.stringOrEmpty(2), e.stringOrEmpty(3))),
                m.int32(5, 0),
                m.int64(8, 0),
                interval);
    }

    private static McsFrame iqStanza(ProtoMessage m) {
        OptionalInt extension = OptionalInt.empty();
        var ext = m.message(7);
        if (ext.isPresent() && ext.get().has(1)) {
            extension = OptionalInt.of(ext.get().int32(1, 0));
        }
        return new McsFrame.IqStanza(m.int32(2, 0), m.stringOrEmpty(3), m.stringOrEmpty(4), m.stringOrEmpty(5),
                extension);
    }

    private static McsFrame dataMessage(ProtoMessage m) {
        List<AppData> appData = new ArrayList<>();
        for (ProtoMessage d : m.messages(7)) {
            appData.add(new AppData(d.stringOrEmpty(1), d.stringOrEmpty(2)));
        }
        return new McsFrame.DataMessageStanza(
                m.stringOrEmpty(2),
                m.stringOrEmpty(3),
                m.stringOrEmpty(4),
                m.stringOrEmpty(5),
                m.stringOrEmpty(6),
                appData,
                m.stringOrEmpty(9),
                m.int32(17, 0),
                m.int64(18, 0),
                m.bytes(21).orElse(new byte[0]),
                m.bool(24));
    }
}
