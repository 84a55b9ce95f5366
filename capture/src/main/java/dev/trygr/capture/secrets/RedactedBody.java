package dev.trygr.capture.secrets;

import java.util.Objects;

/**
 * A body after redaction: the bytes to store or show, and how they relate to the bytes on the wire.
 *
 * @param data            the bytes to keep; the input itself when nothing was found, empty when withheld
 * @param contentEncoding the encoding of {@code data}: the header's value when the bytes are as on the wire,
 *                        {@code identity} when they were decoded to redact a secret; null when the header was absent
 * @param decodedFrom     the original Content-Encoding when {@code data} was decoded before redaction, else null
 * @param redactions      how many secrets were replaced by markers
 * @param withheld        true when the body may hold a secret but could not be scanned (compressed with an
 *                        encoding this module cannot decode, or cut short), so nothing was kept
 */
public record RedactedBody(byte[] data, String contentEncoding, String decodedFrom, int redactions,
                           boolean withheld) {
    public RedactedBody {
        Objects.requireNonNull(data, "data");
    }

    public static RedactedBody unchanged(byte[] data, String contentEncoding) {
        return new RedactedBody(data, contentEncoding, null, 0, false);
    }

    static RedactedBody withheld(String contentEncoding) {
        return new RedactedBody(new byte[0], contentEncoding, null, 0, true);
    }

    /** True when {@code data} is exactly the input. */
    public boolean unchanged() {
        return redactions == 0 && !withheld;
    }
}
