package dev.trygr.capture;

/**
 * Where the proxy sends what it saw. Implementations never block the caller: an event that cannot be queued is
 * dropped (body bytes first, then metadata) and counted as a loss.
 */
@FunctionalInterface
public interface CaptureSink {
    /** Hand over one event; returns at once. */
    void submit(CaptureEvent event);

    CaptureSink NONE = event -> { };
}
