package dev.trygr.proxy;

/**
 * What the proxy tells its operator as it happens (the CLI prints these). Called on event loops: implementations
 * return quickly and never block.
 */
public interface ProxyEvents {

    /**
     * A client refused trygr's certificate for a host (it pins, or does not trust the CA). From now on its
     * connections to that host pass through untouched.
     */
    default void interceptionRejected(String clientAddress, String host, String reason) {
    }

    ProxyEvents NONE = new ProxyEvents() { };
}
