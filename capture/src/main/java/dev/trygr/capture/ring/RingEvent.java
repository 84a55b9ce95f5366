package dev.trygr.capture.ring;

/**
 * What the Ring and FCM recognizers and the {@link TokenLedger} report. Every token is a fingerprint (64 hex
 * digits, HMAC-SHA256 under the capture key), never the token. Times are microseconds since the epoch. The
 * {@link #kind()} is the value stored in {@code token_events.kind} or {@code fcm_events.kind}.
 */
public sealed interface RingEvent {

    long atMicros();

    ClientId client();

    String kind();

    /** A sentence for a person when this event is a finding (something went wrong), else null. No raw secret. */
    default String message() {
        return null;
    }

    /** The first 12 hex digits of a fingerprint: the same prefix the redaction markers in flows carry. */
    static String shortFingerprint(String fingerprint) {
        return fingerprint == null ? "?" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    /**
     * {@code POST oauth.ring.com/oauth/token}, whatever the answer.
     *
     * @param grantType       the request's {@code grant_type} as sent (cut to 256 chars), or null
     * @param presented       the refresh token presented (refresh grants), or null
     * @param presentedParent the token {@code presented} was issued for, as far as the ledger knows; null from
     *                        the recognizer
     * @param issuedAccess    the access token issued, or null
     * @param issuedRefresh   the refresh token issued, or null
     * @param expiresIn       the response's {@code expires_in} (seconds), or null
     * @param error           the response's {@code error} (or the first 256 chars of a non-JSON body), or null
     * @param tsvState        the 412's {@code tsv_state} ({@code sms}, {@code email}, {@code totp}), or null
     */
    record TokenGrantCompleted(long atMicros, ClientId client, Grant grant, String grantType, GrantOutcome outcome,
                               int status, String presented, JwtClaims presentedClaims, String presentedParent,
                               String issuedAccess, JwtClaims accessClaims, String issuedRefresh,
                               JwtClaims refreshClaims, Long expiresIn, String error, String errorDescription,
                               String tsvState) implements RingEvent {
        @Override
        public String kind() {
            return "grant";
        }

        /**
         * What became of the presented token: {@code used} (Ring issued new tokens for it), {@code rejected}
         * (4xx), or {@code unknown} (no answer, an answer cut off, anything else); null without one.
         */
        public String presentedOutcome() {
            if (presented == null) {
                return null;
            }
            switch (outcome) {
                case OK:
                    return "used";
                case INVALID_GRANT:
                case ACCESS_DENIED:
                case BAD_CODE:
                    return "rejected";
                default:
                    return "unknown";
            }
        }

        /** When the issued access token expires (µs): its {@code exp} claim, else now + {@code expires_in}. */
        public Long accessExpiresMicros() {
            if (issuedAccess == null) {
                return null;
            }
            Long exp = accessClaims == null ? null : accessClaims.expMicros();
            if (exp != null) {
                return exp;
            }
            return expiresIn == null || expiresIn < 0 || expiresIn > 100L * 365 * 86_400 ? null
                    : atMicros + expiresIn * 1_000_000L;
        }

        TokenGrantCompleted withLedger(ClientId who, String parent) {
            return new TokenGrantCompleted(atMicros, who, grant, grantType, outcome, status, presented,
                    presentedClaims, parent, issuedAccess, accessClaims, issuedRefresh, refreshClaims, expiresIn,
                    error, errorDescription, tsvState);
        }
    }

    /** {@code POST /clients_api/session}: the client (re)created its Ring session. */
    record RingSessionCreated(long atMicros, ClientId client, int status, String bearer, String deviceModel,
                              String os, Long apiVersion) implements RingEvent {
        @Override
        public String kind() {
            return "ring_session";
        }

        RingSessionCreated withClient(ClientId who) {
            return new RingSessionCreated(atMicros, who, status, bearer, deviceModel, os, apiVersion);
        }
    }

    /** {@code PATCH /clients_api/device}: the client told Ring where to push ({@code push_notification_token}). */
    record RingDeviceUpdated(long atMicros, ClientId client, int status, String bearer, String pushToken,
                             String pnService, String pnDictVersion, String deviceModel, String os)
            implements RingEvent {
        @Override
        public String kind() {
            return "ring_push_token";
        }

        RingDeviceUpdated withClient(ClientId who) {
            return new RingDeviceUpdated(atMicros, who, status, bearer, pushToken, pnService, pnDictVersion,
                    deviceModel, os);
        }
    }

    /**
     * {@code POST /clients_api/doorbots/{id}/subscribe} (or {@code motions_subscribe}, {@code unsubscribe},
     * {@code motions_unsubscribe}): per-camera push opt-in.
     */
    record DoorbotSubscribed(long atMicros, ClientId client, int status, String bearer, String deviceId,
                             String action) implements RingEvent {
        @Override
        public String kind() {
            return "ring_subscribe";
        }

        DoorbotSubscribed withClient(ClientId who) {
            return new DoorbotSubscribed(atMicros, who, status, bearer, deviceId, action);
        }
    }

    /**
     * Any Ring API call with {@code Authorization: Bearer}. Not stored as such: the ledger turns it into
     * {@link AccessTokenFirstUsed} and {@link ExpiredAccessTokenUsed}.
     */
    record BearerPresented(long atMicros, ClientId client, String token, JwtClaims claims, String host,
                           String path, int status) implements RingEvent {
        @Override
        public String kind() {
            return "bearer";
        }
    }

    /** {@code POST android.clients.google.com/c2dm/register3}: a GCM registration token. */
    record GcmRegistered(long atMicros, ClientId client, CallOutcome outcome, int status, String app,
                         String subtype, String sender, String androidId, String securityToken, String token,
                         String error) implements RingEvent {
        @Override
        public String kind() {
            return "gcm_register";
        }

        GcmRegistered withClient(ClientId who) {
            return new GcmRegistered(atMicros, who, outcome, status, app, subtype, sender, androidId,
                    securityToken, token, error);
        }
    }

    /** {@code POST firebaseinstallations.googleapis.com/v1/projects/{p}/installations}. */
    record FirebaseInstalled(long atMicros, ClientId client, CallOutcome outcome, int status, String projectId,
                             String appId, String fid, String authToken, String refreshToken, Long expiresIn,
                             String error) implements RingEvent {
        @Override
        public String kind() {
            return "fis_install";
        }

        FirebaseInstalled withClient(ClientId who) {
            return new FirebaseInstalled(atMicros, who, outcome, status, projectId, appId, fid, authToken,
                    refreshToken, expiresIn, error);
        }
    }

    /**
     * {@code POST fcmregistrations.googleapis.com/v1/projects/{p}/registrations}: the FCM token Ring will push to.
     *
     * @param endpoint the Web Push endpoint with its last segment (the GCM token) replaced by a marker
     * @param gcmToken fingerprint of that last segment
     * @param p256dh   the receiver's public key (not a secret)
     * @param auth     fingerprint of the Web Push auth secret
     * @param fisAuth  fingerprint of the {@code x-goog-firebase-installations-auth} header
     * @param token    fingerprint of the FCM token in the answer
     */
    record FcmRegistered(long atMicros, ClientId client, CallOutcome outcome, int status, String projectId,
                         String endpoint, String gcmToken, String p256dh, String auth, String fisAuth, String token,
                         String error) implements RingEvent {
        @Override
        public String kind() {
            return "fcm_register";
        }

        FcmRegistered withClient(ClientId who) {
            return new FcmRegistered(atMicros, who, outcome, status, projectId, endpoint, gcmToken, p256dh, auth,
                    fisAuth, token, error);
        }
    }

    /** {@code POST android.clients.google.com/checkin} (protobuf): the GCM android id and security token. */
    record CheckedIn(long atMicros, ClientId client, CallOutcome outcome, int status, String presentedAndroidId,
                     String presentedSecurityToken, String androidId, String securityToken, String error)
            implements RingEvent {
        @Override
        public String kind() {
            return "checkin";
        }

        CheckedIn withClient(ClientId who) {
            return new CheckedIn(atMicros, who, outcome, status, presentedAndroidId, presentedSecurityToken,
                    androidId, securityToken, error);
        }
    }

    /**
     * A refresh token presented again after it was used or superseded (ledger finding).
     *
     * @param previousState {@code used} (a refresh with it succeeded before) or {@code superseded} (a newer
     *                      token was issued to the same hardware_id)
     * @param lateMicros    how long after it was superseded it came back
     */
    record StaleTokenReused(long atMicros, ClientId client, String presented, String parent, String supersededBy,
                            long supersededAtMicros, long lateMicros, String previousState) implements RingEvent {
        @Override
        public String kind() {
            return "stale_reuse";
        }

        @Override
        public String message() {
            return "stale refresh token " + shortFingerprint(presented) + " reused by " + client.label()
                    + " — superseded " + Elapsed.describe(lateMicros) + " ago; this client's push notifications"
                    + " will stop working: Ring binds FCM to the first use of a refresh token, and a client"
                    + " restarted from an old token registers again while Ring keeps pushing to the first"
                    + " registration. Keep the newest refresh token after every refresh.";
        }
    }

    /**
     * Ring answered a refresh grant with 401 {@code invalid_grant} (ledger finding).
     *
     * @param previousState what the ledger knew of the token before: {@code unseen}, {@code issued},
     *                      {@code used}, {@code superseded}, {@code unknown} (its earlier use was cut off) or
     *                      {@code rejected}
     * @param lateMicros    how long after it was superseded, when it was; else null
     */
    record GrantRejected(long atMicros, ClientId client, String presented, String parent, String supersededBy,
                         String previousState, Long lateMicros, String error) implements RingEvent {
        @Override
        public String kind() {
            return "invalid_grant";
        }

        @Override
        public String message() {
            String why;
            switch (previousState) {
                case "used":
                case "superseded":
                    why = "; it was " + previousState + " " + Elapsed.describe(lateMicros == null ? 0 : lateMicros)
                            + " before";
                    break;
                case "unknown":
                    why = "; its previous use was cut off, so Ring may have rotated it without the client knowing";
                    break;
                case "unseen":
                    why = "; this capture never saw it issued";
                    break;
                default:
                    why = "";
            }
            return "Ring rejected refresh token " + shortFingerprint(presented) + " from " + client.label()
                    + " (invalid_grant)" + why + ". ring-client-api discards its token on this answer: the client"
                    + " needs a new login.";
        }
    }

    /** A second (or later) successful password login for one hardware_id (ledger finding). */
    record PasswordLoginRepeated(long atMicros, ClientId client, int logins, long previousAtMicros)
            implements RingEvent {
        @Override
        public String kind() {
            return "repeated_password_login";
        }

        @Override
        public String message() {
            return client.label() + " logged in with a password again (login " + logins + ", previous "
                    + Elapsed.describe(atMicros - previousAtMicros) + " earlier): the client is not keeping its"
                    + " refresh token, and every login adds a session in Ring's Authorized Client Devices.";
        }
    }

    /**
     * The first use of an access token on a Ring API call (ledger). {@code parent} is the refresh token presented
     * in the grant that issued it, when known.
     */
    record AccessTokenFirstUsed(long atMicros, ClientId client, String token, JwtClaims claims, String parent,
                                Long expiresAtMicros, String host, String path, int status) implements RingEvent {
        @Override
        public String kind() {
            return "access_token_used";
        }
    }

    /** The first use of an access token after its {@code exp} (ledger finding). */
    record ExpiredAccessTokenUsed(long atMicros, ClientId client, String token, JwtClaims claims, String parent,
                                  long expiresAtMicros, long lateMicros, String host, String path, int status)
            implements RingEvent {
        @Override
        public String kind() {
            return "access_token_expired_use";
        }

        @Override
        public String message() {
            return "access token " + shortFingerprint(token) + " used by " + client.label() + " "
                    + Elapsed.describe(lateMicros) + " after it expired (" + host + path
                    + (status > 0 ? ", answered " + status : ", no answer") + ")";
        }
    }

    /**
     * A hardware_id that already had an FCM registration got (or told Ring about) another one (ledger finding).
     *
     * @param via {@code fcm_register} (a new registration with Google) or {@code ring_push_token} (a new
     *            {@code push_notification_token} PATCHed to Ring)
     */
    record FcmReregistered(long atMicros, ClientId client, String firstToken, long firstAtMicros, String newToken,
                           String via) implements RingEvent {
        @Override
        public String kind() {
            return "fcm_reregistered";
        }

        @Override
        public String message() {
            return client.label() + " has a new FCM token " + shortFingerprint(newToken) + " (" + via + "), "
                    + Elapsed.describe(atMicros - firstAtMicros) + " after its first one "
                    + shortFingerprint(firstToken) + ": Ring keeps pushing to the first registration, so this"
                    + " client will get no push notifications (Ring does not let the FCM token change after the"
                    + " first registration; remove the client under Authorized Client Devices and log in again).";
        }
    }
}
