package dev.trygr.analyzer.tokens;

/**
 * The claims of a refresh token that identify it without its secret (stored in {@code token_events.claims}):
 * Ring's {@code session_id} (kept across refreshes, new on each login) and {@code iat} (Ring's clock, seconds).
 * They are what links the same token across two captures, whose fingerprints use different keys.
 *
 * @param iat         issued at, seconds since the epoch on Ring's clock
 * @param oiat        original issued-at (the chain's first login), when present
 * @param ringSession the {@code session_id} claim
 * @param kid         the signing key id
 */
public record TokenClaims(Long iat, Long oiat, String ringSession, String kid) {

    /** True when the claims can name a token across captures: a Ring session and an issue time. */
    public boolean linkable() {
        return iat != null && ringSession != null;
    }

    /** Same Ring session and issue second, and no contradicting {@code oiat}. */
    public boolean sameTokenAs(TokenClaims other) {
        return other != null && linkable() && other.linkable() && iat.equals(other.iat)
                && ringSession.equals(other.ringSession)
                && (oiat == null || other.oiat == null || oiat.equals(other.oiat));
    }
}
