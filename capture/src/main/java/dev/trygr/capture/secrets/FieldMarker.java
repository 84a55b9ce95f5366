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
}
