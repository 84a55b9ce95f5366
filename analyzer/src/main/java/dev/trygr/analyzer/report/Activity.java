package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 9: HTTP requests and body bytes over time per destination, on one time axis of equal buckets.
 *
 * @param startMicros  start of the first bucket; null when nothing was recorded
 * @param bucketMicros width of a bucket
 * @param buckets      how many buckets
 * @param series       the busiest destinations one by one, then {@code (other hosts)}
 */
public record Activity(Long startMicros, long bucketMicros, int buckets, List<Series> series) {
    public Activity {
        series = List.copyOf(series);
    }

    /** One destination's requests and bytes (request + response bodies) per bucket. */
    public record Series(String host, Party party, long requests, long bytes, List<Long> requestsPerBucket,
                         List<Long> bytesPerBucket) {
        public Series {
            requestsPerBucket = List.copyOf(requestsPerBucket);
            bytesPerBucket = List.copyOf(bytesPerBucket);
        }
    }
}
