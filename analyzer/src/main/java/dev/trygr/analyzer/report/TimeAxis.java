package dev.trygr.analyzer.report;

/**
 * The shared time axis of the report's charts: {@code buckets} equal buckets of a round width ({@code 1 s},
 * {@code 5 min}, {@code 1 h}, …) from {@code startMicros}, covering the capture's flows.
 */
record TimeAxis(Long startMicros, long bucketMicros, int buckets) {
    private static final long SECOND = 1_000_000L;
    private static final long[] WIDTHS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        60 * SECOND, 120 * SECOND, 300 * SECOND, 600 * SECOND, 900 * SECOND, 1800 * SECOND, 3600 * SECOND,
        7200 * SECOND, 10800 * SECOND, 21600 * SECOND, 43200 * SECOND, 86400 * SECOND, 7 * 86400 * SECOND};
    static final int MAX_BUCKETS = 60;
    static final TimeAxis EMPTY = new TimeAxis(null, SECOND, 0);

    /** An axis over [first, last] with at most {@link #MAX_BUCKETS} buckets; empty when first is null. */
    static TimeAxis over(Long first, Long last) {
        if (first == null) {
            return EMPTY;
        }
        long end = last == null ? first : Math.max(first, last);
        long span = end - first + 1;
        long width = WIDTHS[WIDTHS.length - 1];
        for (long w : WIDTHS) {
            if ((span + w - 1) / w <= MAX_BUCKETS) {
                width = w;
                break;
            }
        }
        long start = Math.floorDiv(first, width) * width;
        int buckets = (int) Math.min(MAX_BUCKETS * 4L, (end - start) / width + 1);
        return new TimeAxis(start, width, buckets);
    }

    /** The bucket of a time; times outside the axis go to its first or last bucket. */
    int index(long atMicros) {
        if (buckets == 0) {
            return -1;
        }
        long i = (atMicros - startMicros) / bucketMicros;
        return (int) Math.max(0, Math.min(buckets - 1, i));
    }
}
