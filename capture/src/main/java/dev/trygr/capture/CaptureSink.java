package dev.trygr.capture;

/**
 * Where the proxy sends what it saw. Implementations never block the caller: an event that cannot be queued is
 * dropped (body bytes first, then metadata) and counted as a loss.
 */
@FunctionalInterface
public interface CaptureSink {
    /** Hand over one event; returns at once. */
    void submit(CaptureEvent event);

    /**
     * True while the recorder has fallen well behind (its queue, or its budget of body bytes, half full). The proxy then waits a moment, a
     * millisecond at a time and {@link #MOST_PACING_MILLIS} at most, before it reads a keep-alive connection's next
     * request: under sustained overload clients are slowed to the rate the recorder keeps, instead of their flows
     * being dropped. A recorder that is stuck cannot hold the proxy up for longer than that.
     */
    default boolean behind() {
        return false;
    }

    /** The longest the proxy waits for the recorder before reading one request. */
    int MOST_PACING_MILLIS = 50;

    CaptureSink NONE = event -> { };
}
