/**
 * Pure recognizers for Ring and FCM traffic (no JDBC, no Netty): functions from a completed flow, with its raw
 * headers and bodies, to {@link dev.trygr.capture.ring.RingEvent}s, and the {@link dev.trygr.capture.ring.TokenLedger}
 * that follows refresh-token lineage and FCM registrations across flows. Secrets never leave this package raw:
 * every token is turned into a fingerprint (HMAC-SHA256 hex under the capture key) by the function the caller
 * passes in. Facts are in {@code research/ring-protocol.md}.
 */
package dev.trygr.capture.ring;
