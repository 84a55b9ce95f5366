package dev.trygr.analyzer.tokens;

import java.util.Arrays;

/**
 * How often a client rotated its refresh token: the number of successful refresh grants and the median interval
 * between consecutive ones.
 *
 * @param rotations    successful refresh grants
 * @param medianMicros median interval between consecutive rotations (µs); null with fewer than two
 * @param firstAt      the first rotation (µs), null without any
 * @param lastAt       the last rotation (µs), null without any
 */
public record Cadence(int rotations, Long medianMicros, Long firstAt, Long lastAt) {

    public static final Cadence NONE = new Cadence(0, null, null, null);

    /** From rotation times in any order; {@code times} is sorted in place. */
    static Cadence of(long[] times, int count) {
        if (count == 0) {
            return NONE;
        }
        Arrays.sort(times, 0, count);
        if (count == 1) {
            return new Cadence(1, null, times[0], times[0]);
        }
        long[] gaps = new long[count - 1];
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(gaps);
        int n = gaps.length;
        long median = n % 2 == 1 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
        return new Cadence(count, median, times[0], times[count - 1]);
    }
}
