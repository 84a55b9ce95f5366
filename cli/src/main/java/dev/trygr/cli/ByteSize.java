package dev.trygr.cli;

import java.util.Locale;

/** Parses sizes like {@code 1048576}, {@code 512k}, {@code 1m}, {@code 2g} (binary multiples). */
final class ByteSize {
    private ByteSize() {
    }

    static long parse(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long multiplier = 1;
        if (!t.isEmpty()) {
            char unit = t.charAt(t.length() - 1);
            multiplier = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1;
            };
            if (multiplier > 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long value = Long.parseLong(t.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " takes a size like 1048576, 512k or 1m, not '" + text + "'");
        }
    }
}
