package dev.trygr.analyzer.tokens;

import java.util.Locale;

/** How a client came by a refresh token. */
public enum Obtained {
    /** A password grant without a 2FA code. */
    PASSWORD("password login"),
    /** A password grant re-sent with a 2FA code. */
    PASSWORD_2FA("password + 2FA login"),
    /** A refresh grant: issued for the token presented (its parent). */
    REFRESH("refresh"),
    /** First seen presented: it was issued before the capture (or the session) began. */
    BEFORE_CAPTURE("issued before the capture"),
    /** Any other grant. */
    OTHER("other grant");

    private final String words;

    Obtained(String words) {
        this.words = words;
    }

    /** Words for a person: {@code password + 2FA login}. */
    public String words() {
        return words;
    }

    /** The JSON name: {@code password_2fa}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isLogin() {
        return this == PASSWORD || this == PASSWORD_2FA;
    }

    /** From {@code token_events.grant}. */
    static Obtained ofGrant(String grant) {
        if (grant == null) {
            return OTHER;
        }
        return switch (grant) {
            case "password" -> PASSWORD;
            case "password_2fa" -> PASSWORD_2FA;
            case "refresh_token" -> REFRESH;
            default -> OTHER;
        };
    }
}
