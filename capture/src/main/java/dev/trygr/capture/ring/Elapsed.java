package dev.trygr.capture.ring;

/** Durations for people: {@code 42s}, {@code 5m12s}, {@code 3h04m}, {@code 2d03h}. */
public final class Elapsed {
    private Elapsed() {
    }

    public static String describe(long micros) {
        long s = Math.max(0, micros) / 1_000_000L;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + two(s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + two(s / 60 % 60) + "m";
        }
        return s / 86_400 + "d" + two(s / 3600 % 24) + "h";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
