package dev.trygr.capture.ring;

import java.util.Locale;

/** How an FCM or Ring API call went, as stored in {@code fcm_events.outcome}. */
public enum CallOutcome {
    /** A 2xx answer that says what the call was for (a token, an id…). */
    OK,
    /** An error status, or a 2xx answer carrying an error ({@code Error=…}, {@code {"error":…}}) or no result. */
    ERROR,
    /** No response arrived. */
    NO_RESPONSE,
    /** The response was cut off part way. */
    CUT_OFF;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a flow's status and completeness give, before looking at the body. */
    static CallOutcome of(FlowView v, boolean resultFound) {
        if (v.noResponse()) {
            return NO_RESPONSE;
        }
        if (v.responseCut()) {
            return CUT_OFF;
        }
        return v.status() / 100 == 2 && resultFound ? OK : ERROR;
    }
}
