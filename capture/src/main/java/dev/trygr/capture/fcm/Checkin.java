package dev.trygr.capture.fcm;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The protobuf bodies of {@code POST https://android.clients.google.com/checkin} (Chromium {@code checkin.proto}):
 * what a push receiver tells Google about itself, and the Android id and security token Google hands back. Ids and
 * tokens are unsigned 64-bit numbers, given here as decimal strings the way push-receiver stores them. The security
 * token is a secret: {@code toString} never prints it.
 */
public final class Checkin {
    private Checkin() {
    }

    /**
     * An AndroidCheckinRequest. {@code androidId} and {@code securityToken} are present on a re-checkin with stored
     * credentials, absent on the first one.
     *
     * @param deviceType     {@code checkin.type}: 1 Android, 2 iOS, 3 Chrome browser, 4 Chrome OS; 0 when absent
     * @param chromeBuild    {@code checkin.chrome_build}
     */
    public record Request(
            Optional<String> androidId,
            Optional<String> securityToken,
            int version,
            String timeZone,
            String locale,
            int deviceType,
            long lastCheckinMsec,
            Optional<ChromeBuild> chromeBuild,
            int fragment,
            int userSerialNumber) {

        @Override
        public String toString() {
            return "Checkin.Request[androidId=" + androidId.orElse("absent")
                    + ", securityToken=" + (securityToken.isPresent() ? "<redacted>" : "absent")
                    + ", version=" + version + ", timeZone=" + timeZone + ", locale=" + locale
                    + ", deviceType=" + deviceType + ", lastCheckinMsec=" + lastCheckinMsec
                    + ", chromeBuild=" + chromeBuild.map(ChromeBuild::toString).orElse("absent")
                    + ", fragment=" + fragment + ", userSerialNumber=" + userSerialNumber + "]";
        }
    }

    /**
     * {@code checkin.chrome_build}.
     *
     * @param platform 1 Windows, 2 Mac, 3 Linux, 4 CrOS, 5 iOS, 6 Android
     * @param channel  1 stable, 2 beta, 3 dev, 4 canary, 5 unknown
     */
    public record ChromeBuild(int platform, String chromeVersion, int channel) {
    }

    /** An AndroidCheckinResponse. */
    public record Response(
            boolean statsOk,
            OptionalLong timeMsec,
            Optional<String> androidId,
            Optional<String> securityToken,
            String digest,
            String versionInfo,
            int settingCount) {

        @Override
        public String toString() {
            return "Checkin.Response[statsOk=" + statsOk
                    + ", timeMsec=" + (timeMsec.isPresent() ? String.valueOf(timeMsec.getAsLong()) : "absent")
                    + ", androidId=" + androidId.orElse("absent")
                    + ", securityToken=" + (securityToken.isPresent() ? "<redacted>" : "absent")
                    + ", digest=" + digest + ", versionInfo=" + versionInfo + ", settingCount=" + settingCount + "]";
        }
    }

    /** Decodes an AndroidCheckinRequest body; empty if it is not one. Never throws. */
    public static Optional<Request> parseRequest(byte[] body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            ProtoMessage m = ProtoReader.parse(body);
            Optional<ProtoMessage> checkin = m.message(4);
            Optional<ChromeBuild> build = Optional.empty();
            int type = 0;
            long lastCheckin = 0;
            if (checkin.isPresent()) {
                ProtoMessage c = checkin.get();
                type = c.int32(12, 0);
                lastCheckin = c.int64(2, 0);
                build = c.message(13).map(b -> new ChromeBuild(b.int32(1, 0), b.stringOrEmpty(2), b.int32(3, 0)));
            }
            return Optional.of(new Request(
                    unsigned(m.varint(2)),
                    unsigned(m.fixed64(13)),
                    m.int32(14, 0),
                    m.stringOrEmpty(12),
                    m.stringOrEmpty(6),
                    type,
                    lastCheckin,
                    build,
                    m.int32(20, 0),
                    m.int32(22, 0)));
        } catch (ProtoFormatException e) {
            return Optional.empty();
        }
    }

    /** Decodes an AndroidCheckinResponse body; empty if it is not one. Never throws. */
    public static Optional<Response> parseResponse(byte[] body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            ProtoMessage m = ProtoReader.parse(body);
            return Optional.of(new Response(
                    m.bool(1),
                    m.varint(3),
                    unsigned(m.fixed64(7)),
                    unsigned(m.fixed64(8)),
                    m.stringOrEmpty(4),
                    m.stringOrEmpty(11),
                    (int) m.fields().stream().filter(f -> f.number() == 5).count()));
        } catch (ProtoFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> unsigned(OptionalLong v) {
        return v.isPresent() ? Optional.of(Long.toUnsignedString(v.getAsLong())) : Optional.empty();
    }
}
