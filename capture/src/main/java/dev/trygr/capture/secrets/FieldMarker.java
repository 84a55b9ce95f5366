package dev.trygr.capture.secrets;

/** Decides whether a named field's value is a secret, and if so what replaces it. */
@FunctionalInterface
interface FieldMarker {
    /**
     * @param field the field's name, decoded (JSON escapes or percent-encoding undone)
     * @param value the field's value, decoded
     * @return the marker to store instead of the value, or null to keep the value
     */
    String markerFor(String field, String value);

    /**
     * Whether {@link #markerFor} could replace a value of this field. Scanners ask first and do not decode the
     * values of other fields: most of a body is not secret, and decoding every value cost the capture writer
     * most of its time on large JSON bodies.
     */
    default boolean wants(String field) {
        return true;
    }
}
