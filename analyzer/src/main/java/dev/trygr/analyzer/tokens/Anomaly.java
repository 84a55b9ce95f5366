package dev.trygr.analyzer.tokens;

/**
 * Something wrong in one client's lifecycle.
 *
 * @param at          when (µs, the capture's clock)
 * @param session     the trygr session that recorded it
 * @param token       fingerprint of the token concerned (refresh, access or FCM token), or null
 * @param lateMicros  how late, when that applies (a stale reuse: since the token stopped being valid; an expired
 *                    access token: since its {@code exp}), else null
 * @param text        one sentence for a person; names tokens by fingerprint prefix only
 */
public record Anomaly(AnomalyKind kind, long at, long session, String token, Long lateMicros, String text) {
}
