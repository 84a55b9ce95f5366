package dev.trygr.reports.report;

import dev.trygr.analyzer.report.Party;
import dev.trygr.analyzer.report.Severity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;

/**
 * How values look in the report, for the templates ({@code fmt.bytes(x)}) and the text form: sizes in KiB/MiB,
 * times in UTC, counts with thousands separators, CSS classes for severities and parties. Every method takes
 * {@code Object} (Pebble hands over {@code Long}, {@code Integer} or {@code null}) and returns text.
 */
public final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TENTHS = DateTimeFormatter.ofPattern("HH:mm:ss.S", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code 1.7 KiB}; an empty string for null. */
    public String bytes(Object n) {
        if (!(n instanceof Number number)) {
            return "";
        }
        double v = number.doubleValue();
        if (v < 1024) {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** {@code 12,345}; an empty string for null. */
    public String count(Object n) {
        return n instanceof Number number ? String.format(Locale.ROOT, "%,d", number.longValue()) : "";
    }

    /** {@code 2026-11-21 23:14:02} (UTC) from microseconds since the epoch; an empty string for null. */
    public String time(Object micros) {
        return micros instanceof Number n ? TIME.format(instant(n.longValue())) : "";
    }

    /** {@code 2026-11-21 23:14:02.659} (UTC). */
    public String precise(Object micros) {
        return micros instanceof Number n ? PRECISE.format(instant(n.longValue())) : "";
    }

    /** {@code 23:14:02} (UTC). */
    public String clock(Object micros) {
        return micros instanceof Number n ? CLOCK.format(instant(n.longValue())) : "";
    }

    /** An axis label: {@code 23:14:02.5} within a minute, {@code 23:14:02} within a day, {@code 11-21 23:14} across days. */
    public String axis(Object micros, Object spanMicros) {
        if (!(micros instanceof Number n)) {
            return "";
        }
        long span = spanMicros instanceof Number s ? s.longValue() : 0;
        DateTimeFormatter f = span > 86_400_000_000L ? DAY_CLOCK : span < 60_000_000L ? TENTHS : CLOCK;
        return f.format(instant(n.longValue()));
    }

    /** {@code 850 ms}, {@code 5.2 s}, {@code 3 min 10 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    public String duration(Object micros) {
        if (!(micros instanceof Number n)) {
            return "";
        }
        long us = Math.abs(n.longValue());
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%d ms", us / 1000);
        }
        long s = us / 1_000_000;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", us / 1e6);
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }

    /** {@code 0.95}. */
    public String decimal(Object d) {
        return d instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "";
    }

    /** The items joined with {@code , }; an empty string for null or empty. */
    public String join(Object items) {
        if (!(items instanceof Collection<?> c) || c.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : c) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(o);
        }
        return b.toString();
    }

    /** The badge class of a severity: {@code bad}, {@code warn}, {@code info}, {@code neutral}. */
    public String severityClass(Object severity) {
        if (!(severity instanceof Severity s)) {
            return "neutral";
        }
        return switch (s) {
            case HIGH -> "bad";
            case MEDIUM -> "warn";
            case LOW -> "info";
            case INFO -> "neutral";
        };
    }

    /** The badge class of a party: third parties stand out, the first party is calm. */
    public String partyClass(Object party) {
        if (!(party instanceof Party p)) {
            return "neutral";
        }
        return switch (p) {
            case FIRST_PARTY -> "ok";
            case PLATFORM -> "info";
            case THIRD_PARTY -> "warn";
            case LOCAL, UNKNOWN -> "neutral";
        };
    }

    /** A section's id as shown: {@code personal_data} → {@code Personal data}. */
    public String section(Object id) {
        if (id == null) {
            return "";
        }
        String s = id.toString().replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A 12-hex fingerprint prefix as shown: {@code 3b898c97…}; empty for null. */
    public String token(Object prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.toString();
        return p.length() > 8 ? p.substring(0, 8) + "…" : p;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
