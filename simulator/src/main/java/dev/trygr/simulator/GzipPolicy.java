package dev.trygr.simulator;

/** When the simulated cloud gzip-encodes a response body, provided the request's Accept-Encoding allows gzip. */
public enum GzipPolicy {
    /** Never: every body is identity-encoded. */
    NEVER,
    /** Every non-empty body. */
    ALWAYS,
    /** Every other non-empty body, so a capture holds both encodings ("sometimes", like a real CDN mix). */
    ALTERNATE
}
