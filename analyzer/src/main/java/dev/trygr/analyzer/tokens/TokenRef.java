package dev.trygr.analyzer.tokens;

/**
 * A refresh token as the diff shows it: the fingerprint prefix under its own capture's key, and what identifies it
 * across captures.
 *
 * @param prefix      12 hex digits of its fingerprint in its own capture
 * @param side        {@code A} or {@code B}: whose key the prefix is under
 * @param at          when it was issued, else first presented (µs, that capture's clock)
 * @param iat         its {@code iat} claim (Ring's clock, seconds), null when not a JWT
 * @param ringSession its {@code session_id} claim
 * @param state       where it stands in its own capture
 */
public record TokenRef(String prefix, String side, long at, Long iat, String ringSession, TokenState state) {

    static TokenRef of(TokenNode t, String side) {
        TokenClaims c = t.claims();
        return new TokenRef(t.prefix(), side, t.knownSince(), c == null ? null : c.iat(),
                c == null ? null : c.ringSession(), t.state());
    }
}
