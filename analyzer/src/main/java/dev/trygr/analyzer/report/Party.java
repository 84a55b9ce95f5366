package dev.trygr.analyzer.report;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who a destination belongs to, relative to the audited product (Ring). Written lower-case in JSON. */
public enum Party {
    /** Ring and its parent company Amazon. */
    FIRST_PARTY("first party"),
    /** A support party the product needs: cloud hosting, push messaging, CDN, OS vendor, network services. */
    PLATFORM("platform"),
    /** Anyone else: analytics, advertising, attribution, crash reporting, social networks. */
    THIRD_PARTY("third party"),
    /** A loopback, private or link-local address, or a {@code .local} name. */
    LOCAL("local network"),
    /** Not in trygr's domain list. */
    UNKNOWN("unknown");

    private final String label;

    Party(String label) {
        this.label = label;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For people: {@code first party}, {@code third party}, … */
    public String label() {
        return label;
    }

    static Party fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
