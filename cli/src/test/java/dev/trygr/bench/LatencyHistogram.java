package dev.trygr.bench;

/**
 * A compact log-linear latency histogram in nanoseconds (HdrHistogram's layout, reduced): exact below 128 ns,
 * then 64 buckets per power of two, so any recorded value is known to within 1/64 (1.6 %). Fixed size (about
 * 18 KiB), so memory stays bounded however many requests are recorded. Not thread-safe: one per load thread,
 * {@link #add merged} afterwards.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;          // 128
    private static final int HALF = SUB / 2;               // 64
    private static final long MAX_VALUE = 1L << 40;        // ~18 minutes; larger values are clamped
    private static final int BUCKETS = index(MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;
    private long sum;

    void record(long nanos) {
        long v = Math.max(0, Math.min(nanos, MAX_VALUE));
        counts[index(v)]++;
        total++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return total == 0 ? 0 : max;
    }

    long minNanos() {
        return total == 0 ? 0 : min;
    }

    double meanNanos() {
        return total == 0 ? 0 : (double) sum / total;
    }

    /**
     * The value at the given percentile (0 &lt; p &le; 100): the highest value equivalent to the bucket holding
     * the rank-th smallest recording (conservative, like HdrHistogram), capped at the exact maximum.
     */
    long percentileNanos(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestEquivalent(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS + 1;   // >= 1; top 7 bits land in [64, 128)
        int sub = (int) (v >>> shift);
        return SUB + (shift - 1) * HALF + (sub - HALF);
    }

    static long highestEquivalent(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = (index - SUB) / HALF + 1;
        long sub = (index - SUB) % HALF + HALF;
        return ((sub + 1) << shift) - 1;
    }
}
