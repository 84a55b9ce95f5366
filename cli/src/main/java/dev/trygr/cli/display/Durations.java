package dev.trygr.cli.display;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations for people, in the unit a timing is read in: {@code 0.8 ms} (one decimal below 10 ms),
 * {@code 125 ms}, {@code 3.2 s} (one decimal below a minute), {@code 4 min 05 s}, {@code 2 h 07 min}.
 */
public final class Durations {

    private static final long NANOS_PER_MS = 1_000_000L;
    private static final long NANOS_PER_S = 1_000_000_000L;

    private Durations() {
    }

    /** Formats a duration; {@code null} reads "-". */
    public static String format(Duration duration) {
        if (duration == null) {
            return "-";
        }
        if (duration.isNegative()) {
            return duration.getSeconds() == Long.MIN_VALUE ? "-" + formatSeconds(Long.MAX_VALUE)
                    : "-" + format(duration.negated());
        }
        if (duration.getSeconds() >= Long.MAX_VALUE / NANOS_PER_S - 1) {
            return formatSeconds(duration.getSeconds());
        }
        return formatNanos(duration.toNanos());
    }

    /** Formats a duration given in nanoseconds (as measured with {@link System#nanoTime()}). */
    public static String formatNanos(long nanos) {
        if (nanos < 0) {
            return nanos == Long.MIN_VALUE ? "-" + formatNanos(Long.MAX_VALUE) : "-" + formatNanos(-nanos);
        }
        // Each branch rounds first and checks the rounded value, so 9.96 ms reads "10 ms", not "10.0 ms".
        long tenthsOfMs = Math.round(nanos / (NANOS_PER_MS / 10.0));
        if (tenthsOfMs < 100) {
            return tenthsOfMs / 10 + "." + tenthsOfMs % 10 + " ms";
        }
        long ms = Math.round(nanos / (double) NANOS_PER_MS);
        if (ms < 1000) {
            return ms + " ms";
        }
        long tenthsOfS = Math.round(nanos / (NANOS_PER_S / 10.0));
        if (tenthsOfS < 600) {
            return tenthsOfS / 10 + "." + tenthsOfS % 10 + " s";
        }
        return formatSeconds(Math.round(nanos / (double) NANOS_PER_S));
    }

    /** Formats a duration given in milliseconds, possibly fractional (as HAR timings are). */
    public static String formatMillis(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        double nanos = millis * NANOS_PER_MS;
        if (nanos >= Long.MAX_VALUE || nanos <= -Long.MAX_VALUE) {
            return (nanos < 0 ? "-" : "") + formatSeconds(Math.round(Math.abs(millis) / 1000.0));
        }
        return formatNanos(Math.round(nanos));
    }

    private static String formatSeconds(long seconds) {
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        long minutes = Math.round(seconds / 60.0);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
}
