package dev.trygr.capture.ring;

/** How {@code oauth.ring.com} answered a grant, as stored in {@code token_events.outcome}. */
public enum GrantOutcome {
    /** 200 with an access token. */
    OK("ok"),
    /** 412: a 2FA code is needed ({@code tsv_state} says how it was sent). */
    TWO_FA_REQUIRED("2fa_required"),
    /** 400 "Verification Code is invalid or expired". */
    BAD_CODE("bad_code"),
    /** 401 {@code invalid_grant}: the refresh token is dead (used, expired, revoked). */
    INVALID_GRANT("invalid_grant"),
    /** 401 {@code access_denied}: wrong user name or password. */
    ACCESS_DENIED("access_denied"),
    /** Any other answer (406 HTML from a rate limiter, 5xx, a 200 without tokens, …). */
    OTHER("other"),
    /** No response arrived (the connection failed or was closed first). */
    NO_RESPONSE("no_response"),
    /** A response started but was cut off part way: the client may not have received what Ring issued. */
    CUT_OFF("cut_off");

    private final String column;

    GrantOutcome(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    /** The enum for a stored value; {@link #OTHER} for anything unknown. */
    public static GrantOutcome fromColumn(String column) {
        for (GrantOutcome o : values()) {
            if (o.column.equals(column)) {
                return o;
            }
        }
        return OTHER;
    }
}
