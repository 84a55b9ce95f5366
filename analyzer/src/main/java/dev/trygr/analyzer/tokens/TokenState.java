package dev.trygr.analyzer.tokens;

import java.util.Locale;

/** Where a refresh token stands at the end of what was read. */
public enum TokenState {
    /** Delivered and neither used nor superseded: the token the client should hold now. */
    LATEST("latest"),
    /** A refresh with it succeeded. */
    USED("used"),
    /** A newer token reached the same client before this one was used. */
    SUPERSEDED("superseded, never used"),
    /** Ring refused it. */
    REJECTED("rejected by Ring"),
    /** Presented, but the answer was lost or cut off: the client may or may not hold its successor. */
    UNKNOWN("outcome unknown"),
    /** Issued in a response that was cut off: the client may never have received it. */
    UNDELIVERED("issued in a cut-off response");

    private final String words;

    TokenState(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
