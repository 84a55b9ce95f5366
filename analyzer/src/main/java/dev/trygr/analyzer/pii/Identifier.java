package dev.trygr.analyzer.pii;

import java.util.Set;

/**
 * One of the account's own values, to be searched for.
 *
 * @param dataType    what it is ({@code email}, {@code name}, ...)
 * @param value       the value as learned, trimmed
 * @param strength    how distinctive it is, which sets how it may be matched and how sure a match is
 * @param requiredKey when not empty, the value counts only in a field with one of these (normalised) names:
 *                    a postcode or a city alone is too common to mean anything
 */
record Identifier(String dataType, String value, Strength strength, Set<String> requiredKey) {

    /** How distinctive a value is. */
    enum Strength {
        /** E-mails, MACs, UUIDs, serials, full names, streets: found anywhere, 0.95. */
        DISTINCTIVE(0.95),
        /** Long numeric ids: found anywhere between non-alphanumerics, 0.8. */
        NUMERIC(0.8),
        /** One given or family name, a user-given device or place name: 0.6 in text, more in a field named so. */
        WEAK(0.6);

        final double confidence;

        Strength(double confidence) {
            this.confidence = confidence;
        }
    }

    Identifier {
        requiredKey = Set.copyOf(requiredKey);
    }
}
