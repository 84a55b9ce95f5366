package dev.trygr.analyzer.pii;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A latitude or longitude as written: its value and how many decimal places were sent.
 *
 * @param value    degrees
 * @param decimals decimal places as written (trailing zeros count: they were sent)
 */
record Coordinate(double value, int decimals) {
    /** Metres per degree of latitude (and of longitude at the equator). */
    static final double METRES_PER_DEGREE = 111_320.0;

    /** A plain decimal number ({@code -89.650148}, {@code 39.78}); empty for anything else. */
    static Optional<Coordinate> parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 24) {
            return Optional.empty();
        }
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int dot = -1;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && dot < 0 && i > start) {
                dot = i;
            } else if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        if (start == s.length() || dot == s.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Coordinate(new BigDecimal(s).doubleValue(), dot < 0 ? 0 : s.length() - dot - 1));
    }

    boolean isLatitude() {
        return Math.abs(value) <= 90;
    }

    boolean isLongitude() {
        return Math.abs(value) <= 180;
    }

    /**
     * Whether this, as sent, is {@code known} rounded or cut to the decimals both have (at least
     * {@code minDecimals}).
     */
    boolean matches(Coordinate known, int minDecimals) {
        int d = Math.min(decimals, known.decimals);
        if (d < minDecimals) {
            return false;
        }
        double unit = Math.pow(10, -d);
        double tolerance = unit / 2 + 1e-9;
        if (Math.abs(value - known.value) <= tolerance) {
            return true;
        }
        double cut = (long) (known.value / unit) * unit;  // truncation towards zero
        return Math.abs(value - cut) <= 1e-9 + unit * 1e-6;
    }

    /** What {@code decimals} decimal places of a degree resolve to on the ground, in metres. */
    static double metres(int decimals) {
        return Math.round(METRES_PER_DEGREE / Math.pow(10, decimals) * 100.0) / 100.0;
    }
}
