package dev.trygr.capture.har;

/**
 * A HAR file that cannot be read at all: not JSON, not a HAR, not UTF-8. The message is fit to show the user as
 * it is (it names the file and the place, never a value from it).
 */
public final class HarException extends RuntimeException {
    public HarException(String message) {
        super(message);
    }

    public HarException(String message, Throwable cause) {
        super(message, cause);
    }
}
