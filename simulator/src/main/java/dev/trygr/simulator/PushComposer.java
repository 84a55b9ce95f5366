package dev.trygr.simulator;

import dev.trygr.capture.fcm.AppData;
import dev.trygr.capture.fcm.WebPushEncryptor;
import dev.trygr.capture.fcm.WebPushMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Builds the DataMessageStanza (MCS tag 8) of one Ring push: the §6 v2 payload encrypted with capture's
 * {@link WebPushEncryptor} (aesgcm) to the registration's {@code p256dh}/{@code auth}, {@code crypto-key} and
 * {@code encryption} in app_data, the ciphertext in raw_data, persistent id {@code 0:<millis>%<16 hex>}.
 */
final class PushComposer {

    record Composed(ProtoWriter stanza, String persistentId, String payloadJson) {
    }

    private final SimulatedHome home;
    private final SecureRandom random;

    PushComposer(SimulatedHome home, SecureRandom random) {
        this.home = home;
        this.random = random;
    }

    Composed compose(PushKind kind, FcmRegistration target, Instant now) {
        long dingId = 7_000_000_000_000_000_000L + (random.nextLong() & 0xffff_ffff_ffffL);
        String payload = RingPushPayload.build(kind, home, dingId, now);
        WebPushMessage sealed = WebPushEncryptor.encrypt(Base64.getUrlDecoder().decode(target.p256dh()),
                Base64.getUrlDecoder().decode(target.auth()), payload.getBytes(StandardCharsets.UTF_8), random);
        byte[] suffix = new byte[8];
        random.nextBytes(suffix);
        String persistentId = "0:" + now.toEpochMilli() + "%" + HexFormat.of().formatHex(suffix);

        ProtoWriter stanza = new ProtoWriter()
                .string(2, persistentId.substring(persistentId.indexOf('%') + 1))
                .string(3, FcmEndpoints.SENDER_ID)
                .string(4, target.androidId())
                .string(5, "org.chromium.linux");
        for (AppData entry : sealed.appData()) {
            stanza.message(7, new ProtoWriter().string(1, entry.key()).string(2, entry.value()));
        }
        stanza.message(7, new ProtoWriter().string(1, "subtype").string(2, target.appId()))
                .string(9, persistentId)
                .varint(17, 2_419_200)
                .varint(18, now.getEpochSecond())
                .bytes(21, sealed.rawData());
        return new Composed(stanza, persistentId, payload);
    }
}
