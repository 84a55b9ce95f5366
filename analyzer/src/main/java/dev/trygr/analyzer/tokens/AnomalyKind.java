package dev.trygr.analyzer.tokens;

import java.util.Locale;

/** What can go wrong in a token or push lifecycle. */
public enum AnomalyKind {
    /** A refresh token presented again after it was used or superseded. */
    STALE_REUSE("stale refresh-token reuse"),
    /** Ring answered a refresh grant with 401 {@code invalid_grant}: the client drops its token. */
    INVALID_GRANT("invalid_grant"),
    /** A refresh grant without a usable answer (cut off, none, an error page): the token's fate is unknown. */
    REFRESH_OUTCOME_UNKNOWN("refresh outcome unknown"),
    /** A password grant that failed (wrong password or code, rate limit, no answer). */
    LOGIN_FAILED("failed login"),
    /** Another successful password login for the same client. */
    REPEATED_PASSWORD_LOGIN("repeated password login"),
    /** An access token used after its {@code exp}. */
    ACCESS_TOKEN_EXPIRED_USE("expired access token used"),
    /** A new FCM registration for a client that had one: Ring keeps pushing to the first. */
    FCM_REREGISTERED("FCM re-registration");

    private final String words;

    AnomalyKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
