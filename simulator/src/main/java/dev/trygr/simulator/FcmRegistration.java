package dev.trygr.simulator;

/**
 * One Web Push registration the simulated fcmregistrations.googleapis.com accepted: the FCM token Ring will be
 * told about and the receiver keys pushes to it are encrypted with.
 *
 * @param fcmToken  the FCM registration token (what a client PATCHes to Ring)
 * @param gcmToken  the GCM token from register3 that the endpoint URL named
 * @param androidId the checkin android id the GCM token belongs to (decimal); MCS delivers to it
 * @param appId     the {@code X-subtype} app id ({@code wp:receiver.push.com#<uuid>})
 * @param p256dh    the receiver's public key, base64url
 * @param auth      the receiver's auth secret, base64url
 */
public record FcmRegistration(String fcmToken, String gcmToken, String androidId, String appId, String p256dh,
        String auth) {

    @Override
    public String toString() {
        return "FcmRegistration[fcm=" + Secrets.fingerprint(fcmToken) + ", androidId=" + androidId + "]";
    }
}
