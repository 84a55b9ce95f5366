package dev.trygr.analyzer.tokens;

import java.util.Locale;

/** What became of one presentation of a refresh token in a refresh grant ({@code presented_outcome}). */
public enum UseOutcome {
    /** Ring issued new tokens for it. */
    USED,
    /** Ring refused it (a 4xx: {@code invalid_grant} and the like). */
    REJECTED,
    /**
     * No answer, an answer cut off part way, or anything else: the client may never have received new tokens, so the
     * token is not counted as used.
     */
    UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From {@code presented_outcome}, else from the grant's {@code outcome}. */
    static UseOutcome of(String presentedOutcome, String grantOutcome) {
        if ("used".equals(presentedOutcome)) {
            return USED;
        }
        if ("rejected".equals(presentedOutcome)) {
            return REJECTED;
        }
        if (presentedOutcome != null) {
            return UNKNOWN;
        }
        if ("ok".equals(grantOutcome)) {
            return USED;
        }
        return "invalid_grant".equals(grantOutcome) || "access_denied".equals(grantOutcome)
                || "bad_code".equals(grantOutcome) ? REJECTED : UNKNOWN;
    }
}
