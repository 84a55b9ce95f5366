package dev.trygr.analyzer.tokens;

import java.util.Locale;

/** How a verdict reads: fine, worth a look, broken, or just a fact. */
public enum Severity {
    OK, WARN, BAD, INFO;

    /** {@code ok}, {@code warn}, {@code bad}, {@code info}: the CSS class and the JSON value. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
