package dev.trygr.analyzer.tokens;

/**
 * One refresh grant that presented a token.
 *
 * @param at          when (µs, the capture's clock)
 * @param session     the trygr session that recorded it
 * @param outcome     what became of the token
 * @param status      the HTTP status, null when no response arrived
 * @param error       Ring's {@code error} ({@code invalid_grant}, …), or the grant outcome when there was no answer
 *                    ({@code cut_off}, {@code no_response}), else null
 * @param staleMicros non-null when this was a stale reuse: how long after the token stopped being valid for the
 *                    client (used, or superseded by a newer token)
 */
public record Presentation(long at, long session, UseOutcome outcome, Integer status, String error,
                           Long staleMicros) {

    public boolean stale() {
        return staleMicros != null;
    }
}
