package dev.trygr.analyzer.pii;

/**
 * One piece of text a request carried: the path, one query parameter, one header or cookie, one leaf of a JSON
 * or form body, a text body, a WebSocket message.
 *
 * @param where     {@code url}, {@code header}, {@code cookie} or {@code body}
 * @param fieldPath where in it (see {@link PersonalDataFinding#fieldPath()})
 * @param key       the name of the field holding the text, as written; null when there is none
 * @param text      the text (decoded from the query, form or JSON syntax)
 * @param layer     {@code base64} when the text was decoded from a base64 value, else null
 * @param number    the text is a JSON number
 * @param container which object or parameter list it is in, for pairing siblings such as {@code lat} and
 *                  {@code lng}; unique within one flow
 */
record Segment(String where, String fieldPath, String key, String text, String layer, boolean number,
               int container) {
}
