package dev.trygr.analyzer.tokens;

/**
 * One trygr session (proxy run) that was read.
 *
 * @param id       {@code sessions.id}
 * @param started  when it started (µs)
 * @param ended    when it ended (µs), null when it did not end cleanly or still runs
 * @param overlaps true when another session of the file ran at the same time (two proxies on one file)
 */
public record SessionSpan(long id, long started, Long ended, String version, boolean overlaps) {
}
