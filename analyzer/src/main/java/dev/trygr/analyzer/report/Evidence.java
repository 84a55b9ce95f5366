package dev.trygr.analyzer.report;

/**
 * Where a finding can be checked in the capture ({@code trygr flows show ID}).
 *
 * @param flowId    the flow that shows it; null when the evidence is not a flow (a DNS query, a connection, a
 *                  push message)
 * @param atMicros  when, in microseconds since the epoch; null when unknown
 * @param where     {@code url}, {@code header}, {@code cookie}, {@code body}, {@code connection}, {@code dns},
 *                  {@code push}, {@code token_event}, {@code fcm_event}, …
 * @param fieldPath the field inside {@code where} ({@code authorization}, {@code query.access_token},
 *                  {@code $.user.email}); null when the evidence is the whole item
 * @param excerpt   a short redacted excerpt: secrets appear as markers ({@code REDACTED:kind:12hex}), long opaque
 *                  path segments as {@code {token}}; null when there is nothing to quote
 */
public record Evidence(Long flowId, Long atMicros, String host, String where, String fieldPath, String excerpt) {
}
