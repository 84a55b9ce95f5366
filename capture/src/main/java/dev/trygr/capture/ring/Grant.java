package dev.trygr.capture.ring;

import java.util.Locale;

/** The kind of OAuth grant a client asked {@code oauth.ring.com} for, as stored in {@code token_events.grant}. */
public enum Grant {
    /** {@code grant_type=password} with an empty (or no) {@code 2fa-code} header. */
    PASSWORD,
    /** {@code grant_type=password} re-sent with a code in the {@code 2fa-code} header. */
    PASSWORD_2FA,
    /** {@code grant_type=refresh_token}. */
    REFRESH_TOKEN,
    /** Anything else, or a request body that could not be read. */
    OTHER;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isPassword() {
        return this == PASSWORD || this == PASSWORD_2FA;
    }

    /** The enum for a stored value; {@link #OTHER} for anything unknown. */
    public static Grant fromColumn(String column) {
        for (Grant g : values()) {
            if (g.column().equals(column)) {
                return g;
            }
        }
        return OTHER;
    }
}
