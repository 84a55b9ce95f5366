package dev.trygr.capture;

/**
 * A capture file could not be opened, read or written. The message is meant for the user as it is (one line, no
 * stack trace needed); the cause, when there is one, is for {@code -v}.
 */
public class CaptureException extends RuntimeException {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
