package dev.trygr.capture;

/**
 * A {@code bodies} row: the kept bytes of one body and how they relate to the bytes on the wire.
 *
 * @param direction       {@code request} or {@code response}
 * @param contentEncoding the encoding of {@code data} ({@code identity} after a decode), null when none was given
 * @param decodedFrom     the wire Content-Encoding when trygr decoded the bytes to redact a secret, else null
 * @param originalLength  body bytes on the wire
 * @param storedLength    length of {@code data}
 * @param truncated       {@code data} is not the whole body (limit reached, dropped under load, or withheld)
 * @param withheld        no bytes kept because the body might hold a secret that could not be scanned
 * @param sha256          SHA-256 of the whole wire body; null when not computed or the body held a secret
 * @param redactions      secrets replaced by markers in {@code data}
 */
public record StoredBody(long id, String direction, String contentEncoding, String decodedFrom,
                         String contentType, long originalLength, long storedLength, boolean truncated,
                         boolean withheld, byte[] sha256, int redactions, byte[] data) {
}
