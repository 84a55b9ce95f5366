package dev.trygr.capture.har;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** HAR times: ISO 8601 date-times, durations in milliseconds, WebSocket times in epoch seconds. Capture times are µs. */
final class HarTime {
    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Offsets written {@code +01:00}, {@code +0100}, {@code +01} or {@code Z}; seconds and fraction optional. */
    private static final DateTimeFormatter READ_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

    private HarTime() {
    }

    /** {@code 2023-11-14T22:13:20.000010Z}: microseconds kept, so a capture → HAR → capture trip loses no time. */
    static String format(long micros) {
        return WRITE.format(instant(micros));
    }

    /** µs since the epoch, or null when the text is not an ISO 8601 date-time. A time without offset is UTC. */
    static Long parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            var parsed = READ_OFFSET.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime o ? o.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** A HAR duration (ms, fractional) in µs; negative (HAR's "not known") stays -1. */
    static long millisToMicros(double millis) {
        if (!(millis >= 0) || Double.isInfinite(millis)) {
            return -1;
        }
        return Math.round(millis * 1000.0);
    }

    /** A duration in µs as HAR milliseconds. */
    static double microsToMillis(long micros) {
        return micros / 1000.0;
    }

    /** Epoch seconds with 6 decimals, exact ({@code _webSocketMessages[].time}). */
    static BigDecimal epochSeconds(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /** Epoch seconds (any precision) in µs, or null when not a usable number. */
    static Long epochSecondsToMicros(BigDecimal seconds) {
        if (seconds == null) {
            return null;
        }
        try {
            return seconds.multiply(MICROS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
