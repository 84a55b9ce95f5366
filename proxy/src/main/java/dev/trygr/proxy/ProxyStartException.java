package dev.trygr.proxy;

/** The proxy could not start; the message says why in words for the user. */
public final class ProxyStartException extends Exception {
    public ProxyStartException(String message) {
        super(message);
    }
}
