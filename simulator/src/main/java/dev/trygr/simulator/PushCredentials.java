package dev.trygr.simulator;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.trygr.capture.fcm.WebPushKeys;

/**
 * push-receiver's {@code Credentials} as ring-client-api keeps them in the encoded token's {@code pnc} (§3), field
 * order as push-receiver creates them. Holds secrets (the private key, the auth secret, the security token):
 * {@link #toString()} prints none of them.
 */
@JsonPropertyOrder({"keys", "gcm", "fcm", "config"})
public record PushCredentials(Keys keys, Gcm gcm, Fcm fcm, Config config) {

    /** Web Push keys, base64url without padding. */
    @JsonPropertyOrder({"privateKey", "publicKey", "authSecret"})
    public record Keys(String privateKey, String publicKey, String authSecret) {
        static Keys of(WebPushKeys keys) {
            return new Keys(keys.privateKeyBase64Url(), keys.publicKeyBase64Url(), keys.authSecretBase64Url());
        }

        WebPushKeys toWebPushKeys() {
            return WebPushKeys.fromBase64Url(privateKey, publicKey, authSecret);
        }
    }

    /** The GCM side: register3's token, checkin's android id and security token (decimal), the app id. */
    @JsonPropertyOrder({"token", "androidId", "securityToken", "appId"})
    public record Gcm(String token, String androidId, String securityToken, String appId) {
    }

    /** The FCM registration token (what Ring is told) and the Firebase installation. */
    @JsonPropertyOrder({"token", "installation"})
    public record Fcm(String token, Installation installation) {
    }

    /** A Firebase installation; {@code createdAt} and {@code expiresIn} in milliseconds. */
    @JsonPropertyOrder({"token", "createdAt", "expiresIn", "refreshToken", "fid"})
    public record Installation(String token, long createdAt, long expiresIn, String refreshToken, String fid) {
    }

    /** The push-receiver config the credentials were made for; a mismatch makes push-receiver re-register. */
    @JsonPropertyOrder({"bundleId", "projectId", "vapidKey"})
    public record Config(String bundleId, String projectId, String vapidKey) {
        public static Config ring() {
            return new Config("receiver.push.com", FcmEndpoints.PROJECT_ID, "");
        }
    }

    @Override
    public String toString() {
        return "PushCredentials[androidId=" + (gcm == null ? "-" : gcm.androidId()) + ", fcmToken="
                + Secrets.fingerprint(fcm == null ? null : fcm.token()) + "]";
    }
}
