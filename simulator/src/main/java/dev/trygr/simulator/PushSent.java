package dev.trygr.simulator;

import java.time.Instant;

/**
 * One push the simulated cloud sent.
 *
 * @param hardwareId   the Ring client it was meant for
 * @param fcmToken     the FCM token Ring holds for that client (the first one it was told about)
 * @param androidId    the checkin android id the FCM token belongs to; MCS delivers to it
 * @param persistentId the DataMessageStanza's persistent id, {@code 0:<millis>%<16 hex>}
 * @param payloadJson  the exact plaintext that was encrypted: what a client holding the right keys decrypts
 * @param deliveredNow whether a connection of that android id was open; otherwise it waits for the next login
 */
public record PushSent(Instant at, String hardwareId, PushKind kind, String fcmToken, String androidId,
        String persistentId, String payloadJson, boolean deliveredNow) {

    @Override
    public String toString() {
        return "PushSent[" + kind + " to hid " + hardwareId + ", fcm=" + Secrets.fingerprint(fcmToken)
                + ", persistentId=" + persistentId + ", deliveredNow=" + deliveredNow + "]";
    }
}
