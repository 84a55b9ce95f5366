package dev.trygr.capture;

/** How trygr handled one client connection. Stored lower-case in {@code connections.outcome}. */
public enum ConnectionOutcome {
    /** TLS terminated with a forged certificate and re-originated upstream; the content was seen. */
    INTERCEPTED,
    /** Relayed as opaque bytes by policy; only metadata (SNI, byte counts) was seen. */
    PASSTHROUGH,
    /** Plain HTTP (no TLS) proxied and recorded. */
    PLAIN,
    /**
     * The client refused trygr's certificate (an alert such as unknown_ca, or a close without a byte of
     * application data right after the handshake): it pins or does not trust the CA. Later connections from
     * that client to that host are passed through.
     */
    REJECTED,
    /** Something failed (upstream unreachable, TLS failure, bad input); {@code reason} says what. */
    FAILED,
    /** The client's address is outside the allowed ranges; the connection was closed unread. */
    REFUSED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
