package dev.trygr.proxy;

/** Microseconds since the Unix epoch, monotonic within a run (wall clock at start plus elapsed nanos). */
final class MicroClock {
    private static final long BASE_MICROS = System.currentTimeMillis() * 1000L;
    private static final long BASE_NANOS = System.nanoTime();

    private MicroClock() {
    }

    static long now() {
        return BASE_MICROS + (System.nanoTime() - BASE_NANOS) / 1000L;
    }
}
