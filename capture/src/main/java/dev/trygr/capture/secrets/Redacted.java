package dev.trygr.capture.secrets;

/**
 * A value after redaction and how many secrets were replaced in it (0 means the value is the input unchanged).
 *
 * @param <T> headers, a header list, a query string...
 */
public record Redacted<T>(T value, int redactions) {
    public boolean changed() {
        return redactions > 0;
    }
}
