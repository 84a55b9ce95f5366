package dev.trygr.cli.display;

import java.util.Locale;

/** Byte counts for people: {@code 532 B}, {@code 12.3 KiB}, {@code 4.0 MiB} (binary units, one decimal). */
public final class Sizes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /** Formats a byte count; below 1024 the exact count, above it one decimal in the largest fitting unit. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // Round first, then pick the unit, so 1023.96 KiB reads "1.0 MiB", not "1024.0 KiB".
        while (unit < UNITS.length - 1 && Math.round(value * 10) >= 1024 * 10) {
            value /= 1024.0;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
