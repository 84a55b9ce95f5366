package dev.trygr.proxy;

/** Microseconds since the Unix epoch, monotonic within a run (wall clock at start plus elapsed nanos). */
public final class MicroClock {
    private static final long BASE_MICROS = System.currentTimeMillis() * 1000L;
    private static final long BASE_NANOS = System.nanoTime();

    private MicroClock() {
    }

    public static long now() {
        return at(System.nanoTime());
    }

    /** The time a {@link System#nanoTime()} reading stands for. */
    public static long at(long nanoTime) {
        return BASE_MICROS + (nanoTime - BASE_NANOS) / 1000L;
    }
}
