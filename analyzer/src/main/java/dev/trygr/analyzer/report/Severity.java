package dev.trygr.analyzer.report;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How much a finding matters, most serious first. Written lower-case in JSON. */
public enum Severity {
    /** Personal data or credentials reached someone who should not have them, or travelled in the clear. */
    HIGH,
    /** Something a reader should act on or know before trusting the capture (stale tokens, losses, trackers). */
    MEDIUM,
    /** Worth knowing; small risk. */
    LOW,
    /** Context, no risk by itself. */
    INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
