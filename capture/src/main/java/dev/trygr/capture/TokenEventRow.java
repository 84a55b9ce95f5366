package dev.trygr.capture;

/**
 * One row of {@code token_events} (see docs/schema.md for every column). Fingerprints are 64 hex digits.
 *
 * @param kind              {@code grant}, {@code ring_session}, {@code access_token_used}, or a finding:
 *                          {@code stale_reuse}, {@code invalid_grant}, {@code repeated_password_login},
 *                          {@code access_token_expired_use}
 * @param grant             {@code password}, {@code password_2fa}, {@code refresh_token}, {@code other}; grants only
 * @param outcome           how Ring answered a grant ({@code ok}, {@code 2fa_required}, …); grants only
 * @param presented         fingerprint of the token presented: the refresh token of a grant, the bearer token of
 *                          an API call
 * @param presentedOutcome  what became of a grant's presented token: {@code used}, {@code rejected},
 *                          {@code unknown}
 * @param parent            fingerprint of the refresh token {@code presented} was issued for, when known
 * @param supersededBy      fingerprint of the refresh token that superseded {@code presented} (findings)
 * @param expiresAt         when the access token (issued, or presented) expires (µs)
 * @param claims            JSON object of JWT claims by role ({@code presented}, {@code access}, {@code refresh})
 * @param lateMicros        how late the finding's token came: since it was superseded, or since it expired
 * @param message           the finding's sentence, else null
 * @param detail            JSON object with the rest (differs by kind), or null
 */
public record TokenEventRow(long id, long sessionId, Long flowId, Long connectionId, long at, String kind,
                            String hardwareId, String clientAddress, String userAgent, String grant, String outcome,
                            Integer status, String presented, String presentedOutcome, String parent,
                            String supersededBy, String issuedAccess, String issuedRefresh, Long expiresIn,
                            Long expiresAt, String sessionClaim, String claims, Long lateMicros, String message,
                            String detail) implements RingRow {

    TokenEventRow withId(long rowId) {
        return new TokenEventRow(rowId, sessionId, flowId, connectionId, at, kind, hardwareId, clientAddress,
                userAgent, grant, outcome, status, presented, presentedOutcome, parent, supersededBy, issuedAccess,
                issuedRefresh, expiresIn, expiresAt, sessionClaim, claims, lateMicros, message, detail);
    }
}
