package dev.trygr.analyzer.tokens;

/** Whether capture B continues capture A's refresh-token chain for one client. */
public sealed interface Continuity {

    /** How the token B presented first was found in A. */
    enum Method {
        /** Both sides share a capture key (sessions of one file): fingerprints compared directly. Exact. */
        FINGERPRINT,
        /** Different keys: the JWT claims {@code session_id} + {@code iat} (+ {@code oiat}) compared. */
        CLAIMS;

        public String words() {
            return this == FINGERPRINT ? "same fingerprint (same capture key)"
                    : "same Ring session_id and iat claims";
        }
    }

    /** B's first refresh presented A's last issued token: the client saved every rotation. */
    record Persisted(TokenRef presented, TokenRef lastOfA, Method method, int alsoMatching, UseOutcome outcome)
            implements Continuity {
    }

    /**
     * B's first refresh presented an older token of A (used or superseded there): the client did not save the newest
     * token.
     *
     * @param brokenSince  when A's chain moved past it (µs, A's clock): the client's state was lost then
     * @param lateMicros   from then to B's presentation, on Ring's clock when both offsets are known
     */
    record StaleReuse(TokenRef presented, TokenRef matchedInA, TokenRef lastOfA, Method method, int alsoMatching,
                      Long brokenSince, Long lateMicros, UseOutcome outcome) implements Continuity {
    }

    /** B begins with a password login: the saved token (if any) was not used. */
    record NewLogin(long at, String ringSession, boolean aHadTokens) implements Continuity {
    }

    /**
     * B's first token is in A's Ring session but was issued after A's last one: the client rotated while trygr was
     * not recording (or A ended before the rotation that B continues).
     */
    record ContinuedUnrecorded(TokenRef presented, TokenRef lastOfA, UseOutcome outcome) implements Continuity {
    }

    /** B's first token cannot be tied to A. */
    record Unlinked(TokenRef presented, String why, UseOutcome outcome) implements Continuity {
    }

    /** B shows no token grant for this client (only calls with an access token, or push setup). */
    record NoGrantInB() implements Continuity {
    }

    /** The client appears on one side only. */
    record OneSided(String side) implements Continuity {
    }
}
