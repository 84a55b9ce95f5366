package dev.trygr.analyzer.tokens;

import dev.trygr.capture.ring.Elapsed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations in the words of the lineage and diff sentences: UTC instants, short durations. */
public final class HumanTime {
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private HumanTime() {
    }

    /** {@code 2026-11-21 14:03:07Z} for a capture time (µs since the epoch). */
    public static String at(long micros) {
        return INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000));
    }

    /** {@code 2026-11-21T14:03:07.123456Z} (ISO-8601, for JSON). */
    public static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
                .toString();
    }

    /** {@code 350 ms}, {@code 42s}, {@code 5m12s}, {@code 3h04m}, {@code 2d03h}; a negative span gets a minus. */
    public static String span(long micros) {
        if (micros < 0) {
            return "-" + span(-micros);
        }
        if (micros < 1_000_000L) {
            return micros / 1000 + " ms";
        }
        return Elapsed.describe(micros);
    }
}
