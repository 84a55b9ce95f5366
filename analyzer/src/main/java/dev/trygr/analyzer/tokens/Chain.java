package dev.trygr.analyzer.tokens;

import java.util.List;

/**
 * One chain of refresh tokens: a token and every token issued for it, transitively (a tree: a token Ring accepted
 * twice has two children).
 *
 * @param number      1, 2, … within the client, in the order the chains began
 * @param ringSession Ring's {@code session_id} claim of its tokens (one per login; refreshes keep it), null when the
 *                    tokens carry none
 * @param origin      how its first token was obtained ({@link Obtained#BEFORE_CAPTURE} when the chain began
 *                    before the capture)
 * @param tokens      its tokens, in the order they became known
 * @param latest      fingerprint of its newest delivered token that nothing superseded, null when every token was
 *                    used, superseded or refused
 * @param cadence     its successful rotations
 */
public record Chain(int number, String ringSession, Obtained origin, List<TokenNode> tokens, String latest,
                    Cadence cadence) {

    public Chain {
        tokens = List.copyOf(tokens);
    }

    public TokenNode first() {
        return tokens.get(0);
    }

    public TokenNode last() {
        return tokens.get(tokens.size() - 1);
    }

    /** When it began (µs): its first token's issue, or first presentation. */
    public long startedAt() {
        return first().knownSince();
    }
}
