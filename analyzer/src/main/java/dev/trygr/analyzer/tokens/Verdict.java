package dev.trygr.analyzer.tokens;

/**
 * One line that answers the user's question for one client.
 *
 * @param headline a few words: {@code persisted correctly}, {@code stale reuse}, {@code re-registered}, …
 * @param text     the sentence, with times and token prefixes
 */
public record Verdict(Severity severity, String headline, String text) {
}
