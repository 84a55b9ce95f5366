package dev.trygr.proxy.tls;

/**
 * A certificate authority could not be generated, read, written, imported or used.
 *
 * <p>Unchecked, like the proxy's other exceptions that carry context: the CLI is the one place that
 * turns it into a one-line message and an exit code. The message is meant for a person and never
 * contains key material.
 */
public class CaException extends RuntimeException {

    /** Creates an exception with a message for a person. */
    public CaException(String message) {
        super(message);
    }

    /** Creates an exception with a message for a person and the underlying cause. */
    public CaException(String message, Throwable cause) {
        super(message, cause);
    }
}
