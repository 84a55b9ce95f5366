/**
 * Token lifecycles: a pure model of Ring refresh-token lineage per client ({@link TokenLineage}), built by streaming
 * a capture's {@code token_events} and {@code fcm_events}, and the diff of two such models ({@link TokenDiff}), which
 * answers "did this client keep its token and its FCM registration across a restart, and if not, since when is it
 * broken?".
 *
 * <p>Nothing here prints or renders: {@code dev.trygr.reports.tokens} does. Tokens are named by their fingerprint
 * (HMAC-SHA256 under the capture's key); models expose the full fingerprint and renderers show its 12-hex prefix,
 * the same prefix as the redaction markers in the capture's flows. No raw secret ever reaches this package.
 */
package dev.trygr.analyzer.tokens;
