package dev.trygr.analyzer.tokens;

/**
 * An FCM token the client registered with Google ({@code fcm_register}) or gave to Ring
 * ({@code ring_push_token}, a {@code PATCH /clients_api/device}).
 *
 * @param at             when (µs, capture clock)
 * @param session        the trygr session that recorded it
 * @param via            {@code fcm_register} or {@code ring_push_token}
 * @param fcmToken       fingerprint of the FCM token, null when the answer carried none
 * @param outcome        {@code ok}, {@code error}, {@code no_response}, {@code cut_off}
 * @param androidId      the GCM android id used, when known (an identifier, not a secret)
 * @param p256dh         the receiver's public key sent in a registration (public), else null
 * @param chain          number of the token chain it is bound to, null when none was active
 * @param refreshToken   fingerprint of the refresh token that chain held then, null when unknown
 * @param boundBy        {@code bearer} (the access token of the call was issued with that refresh token) or
 *                       {@code time} (the chain active for the client at that time)
 * @param reregistration true when the client already had a different FCM token: Ring keeps pushing to the first
 */
public record PushRegistration(long at, long session, String via, String fcmToken, String outcome, String androidId,
                               String p256dh, Integer chain, String refreshToken, String boundBy,
                               boolean reregistration) {

    public boolean ok() {
        return "ok".equals(outcome) && fcmToken != null;
    }
}
