package dev.trygr.proxy;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.ConnectionOutcome;

/**
 * Everything learned about one client connection while it lives, confined to its event loop. The row is
 * submitted once, when the client side and any upstream side have both closed.
 */
final class ConnectionFacts {
    final long key;
    final long openedMicros;
    final String clientAddress;
    final int clientPort;
    final String mode;

    ConnectionOutcome outcome;
    String reason;
    HostPort target;
    String upstreamAddress;
    String sni;
    String alpn;
    String tlsVersion;
    String cipherSuite;
    String protocol;
    long bytesFromClient;
    long bytesToClient;
    long bytesFromUpstream;
    long bytesToUpstream;
    RawTap rawFromClient;
    RawTap rawFromUpstream;

    private int openSides = 1;
    private boolean submitted;
    private final CaptureSink sink;

    ConnectionFacts(long key, String clientAddress, int clientPort, String mode, CaptureSink sink) {
        this.key = key;
        this.openedMicros = MicroClock.now();
        this.clientAddress = clientAddress;
        this.clientPort = clientPort;
        this.mode = mode;
        this.sink = sink;
    }

    /** Records a failure unless an earlier one already explains the connection's end. */
    void fail(String why) {
        if (outcome != ConnectionOutcome.FAILED && outcome != ConnectionOutcome.REFUSED
                && outcome != ConnectionOutcome.REJECTED) {
            outcome = ConnectionOutcome.FAILED;
            reason = why;
        } else if (reason == null) {
            reason = why;
        }
    }

    /** Notes why the connection ended when nothing failed (idle timeout, shutdown). */
    void note(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    void upstreamOpened() {
        openSides++;
    }

    private CaptureEvent.RawBytes rawBytes() {
        if (rawFromClient == null && rawFromUpstream == null) {
            return CaptureEvent.RawBytes.NONE;
        }
        byte[] none = new byte[0];
        return new CaptureEvent.RawBytes(rawFromClient == null ? none : rawFromClient.head(),
                rawFromClient == null ? none : rawFromClient.tail(),
                rawFromUpstream == null ? none : rawFromUpstream.head(),
                rawFromUpstream == null ? none : rawFromUpstream.tail());
    }

    /** One side closed; the row is submitted when the last one does. */
    void sideClosed() {
        if (--openSides <= 0 && !submitted) {
            submitted = true;
            sink.submit(new CaptureEvent.ConnectionClosed(key, MicroClock.now(),
                    outcome == null ? ConnectionOutcome.FAILED : outcome,
                    outcome == null && reason == null ? "closed before anything was proxied" : reason,
                    target == null ? null : target.host(), target == null ? 0 : target.port(), upstreamAddress,
                    sni, alpn, tlsVersion, cipherSuite, protocol,
                    bytesFromClient, bytesToClient, bytesFromUpstream, bytesToUpstream,
                    rawBytes()));
        }
    }
}
