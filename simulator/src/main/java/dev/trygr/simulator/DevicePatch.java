package dev.trygr.simulator;

import java.time.Instant;

/**
 * One {@code PATCH /clients_api/device} the cloud accepted (always 204).
 *
 * @param hardwareId the client's hardware id
 * @param fcmToken   the {@code push_notification_token} it sent
 * @param kept       whether Ring now pushes to this token: true only for the first token of a hardware id
 */
public record DevicePatch(Instant at, String hardwareId, String fcmToken, boolean kept) {

    @Override
    public String toString() {
        return "DevicePatch[hid=" + hardwareId + ", fcm=" + Secrets.fingerprint(fcmToken) + ", kept=" + kept + "]";
    }
}
