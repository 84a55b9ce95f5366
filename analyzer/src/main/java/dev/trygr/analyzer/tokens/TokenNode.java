package dev.trygr.analyzer.tokens;

import java.util.List;

/**
 * One refresh token in a chain.
 *
 * @param fingerprint     HMAC-SHA256 of the token under the capture's key (64 hex digits)
 * @param obtained        how the client came by it
 * @param parent          fingerprint of the token it was issued for, null for a login or a token first seen
 *                        presented
 * @param children        fingerprints of the tokens issued for it (more than one when it was presented again and
 *                        Ring accepted it again)
 * @param issuedAt        when Ring issued it (µs, capture clock); null when issued before the capture
 * @param issuedSession   the trygr session that saw it issued, null when none did
 * @param claims          its JWT claims, null when it is not a JWT
 * @param presentations   every refresh grant that presented it, in time order
 * @param firstUsedAt     the first successful refresh with it (µs), null when never
 * @param timesUsed       how many refreshes with it succeeded (more than one is a reuse Ring tolerated)
 * @param supersededAt    when a newer token reached the same client (µs), null when none did
 * @param supersededBy    fingerprint of that newer token
 * @param accessExpiresAt when the access token issued with it expires (µs), null when unknown
 * @param state           where it stands at the end of what was read
 */
public record TokenNode(String fingerprint, Obtained obtained, String parent, List<String> children, Long issuedAt,
                        Long issuedSession, TokenClaims claims, List<Presentation> presentations, Long firstUsedAt,
                        int timesUsed, Long supersededAt, String supersededBy, Long accessExpiresAt,
                        TokenState state) {

    /** Characters of a fingerprint shown to people: the same as the capture's redaction markers. */
    public static final int PREFIX = 12;

    public TokenNode {
        children = List.copyOf(children);
        presentations = List.copyOf(presentations);
    }

    /** The first 12 hex digits of the fingerprint, as in the capture's {@code REDACTED:…} markers. */
    public String prefix() {
        return prefix(fingerprint);
    }

    public static String prefix(String fingerprint) {
        return fingerprint == null ? null
                : fingerprint.length() <= PREFIX ? fingerprint : fingerprint.substring(0, PREFIX);
    }

    /** When the token became known: issued, else first presented (µs). */
    public long knownSince() {
        if (issuedAt != null) {
            return issuedAt;
        }
        return presentations.isEmpty() ? 0 : presentations.get(0).at();
    }

    /** Presentations after the token stopped being valid for the client. */
    public long staleReuses() {
        return presentations.stream().filter(Presentation::stale).count();
    }

    /** Since when presenting it again is stale (µs): superseded, else used; null while it is the latest. */
    public Long staleSince() {
        if (supersededAt != null && firstUsedAt != null) {
            return Math.min(supersededAt, firstUsedAt);
        }
        return supersededAt != null ? supersededAt : firstUsedAt;
    }
}
