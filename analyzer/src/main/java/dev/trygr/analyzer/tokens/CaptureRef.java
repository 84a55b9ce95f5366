package dev.trygr.analyzer.tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A capture file, or one session of it: {@code capture.db} or {@code capture.db#2}.
 *
 * @param file    the capture file
 * @param session the session ({@code sessions.id}) to read, or null for the whole file
 */
public record CaptureRef(Path file, Long session) {

    public CaptureRef {
        Objects.requireNonNull(file, "file");
        if (session != null && session < 1) {
            throw new IllegalArgumentException("a session number is 1 or more, not " + session);
        }
    }

    /**
     * Parses {@code FILE} or {@code FILE#SESSION}. A name that exists as a file is taken whole, even if it holds a
     * {@code #}; otherwise the text after the last {@code #} must be a session number.
     *
     * @throws IllegalArgumentException when the text after {@code #} is not a positive whole number; the message
     *                                  says what was expected
     */
    public static CaptureRef parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty capture name: give FILE or FILE#SESSION");
        }
        int hash = text.lastIndexOf('#');
        if (hash < 0 || Files.exists(Path.of(text))) {
            return new CaptureRef(Path.of(text), null);
        }
        String file = text.substring(0, hash);
        String session = text.substring(hash + 1);
        if (file.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no file before '#': give FILE#SESSION, "
                    + "e.g. capture.db#2");
        }
        if (session.isEmpty() || !session.chars().allMatch(c -> c >= '0' && c <= '9') || session.length() > 18) {
            throw new IllegalArgumentException("'" + text + "': after '#' comes a session number (1, 2, …), not '"
                    + session + "'");
        }
        long n = Long.parseLong(session);
        if (n < 1) {
            throw new IllegalArgumentException("'" + text + "': session numbers start at 1");
        }
        return new CaptureRef(Path.of(file), n);
    }

    /** {@code capture.db} or {@code capture.db#2}. */
    public String label() {
        return session == null ? file.toString() : file + "#" + session;
    }

    @Override
    public String toString() {
        return label();
    }
}
