package dev.trygr.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link CaptureWriter} queues and batches.
 *
 * @param queueCapacity  events the queue holds before {@code submit} starts dropping (default 16384)
 * @param batchSize      most events written in one transaction (default 512)
 * @param maxBatchDelay  how long the writer waits for more events before committing a batch (default 50 ms)
 * @param highWaterRatio queue fill (0..1] past which flows are queued without their body bytes (default 0.75)
 * @param bodyBytesBudget the most body bytes queued at once, past which flows are queued without their body bytes
 *                       (default {@link #DEFAULT_BODY_BYTES_BUDGET}): the queue is bounded in events and a flow may
 *                       carry up to {@code --max-body} of each body, so without a bound in bytes a writer falling
 *                       behind on large bodies would fill the heap
 * @param listener       called on the writer thread after each commit, once per flow written; must be quick
 * @param ringListener   called on the writer thread after each commit, once per {@code token_events},
 *                       {@code fcm_events} or {@code push_messages} row written (findings carry a
 *                       {@link RingRow#message()} for the console); must be quick
 */
public record WriterOptions(int queueCapacity, int batchSize, Duration maxBatchDelay, double highWaterRatio,
                            long bodyBytesBudget, Consumer<RecordedFlow> listener, Consumer<RingRow> ringListener) {
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(50);
    public static final double DEFAULT_HIGH_WATER_RATIO = 0.75;
    /** A quarter of the heap, at least 8 MiB, at most 256 MiB. */
    public static final long DEFAULT_BODY_BYTES_BUDGET =
            Math.max(8L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));

    public WriterOptions {
        if (queueCapacity < 2) {
            throw new IllegalArgumentException("queueCapacity must be at least 2: " + queueCapacity);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        if (maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay must not be negative: " + maxBatchDelay);
        }
        if (!(highWaterRatio > 0 && highWaterRatio <= 1)) {
            throw new IllegalArgumentException("highWaterRatio must be in (0, 1]: " + highWaterRatio);
        }
        if (bodyBytesBudget < 0) {
            throw new IllegalArgumentException("bodyBytesBudget must not be negative: " + bodyBytesBudget);
        }
        listener = listener == null ? flow -> { } : listener;
        ringListener = ringListener == null ? row -> { } : ringListener;
    }

    public static WriterOptions defaults() {
        return new WriterOptions(DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_DELAY,
                DEFAULT_HIGH_WATER_RATIO, DEFAULT_BODY_BYTES_BUDGET, null, null);
    }

    public WriterOptions withQueueCapacity(int capacity) {
        return new WriterOptions(capacity, batchSize, maxBatchDelay, highWaterRatio, bodyBytesBudget,
                listener, ringListener);
    }

    public WriterOptions withBatchSize(int size) {
        return new WriterOptions(queueCapacity, size, maxBatchDelay, highWaterRatio, bodyBytesBudget,
                listener, ringListener);
    }

    public WriterOptions withMaxBatchDelay(Duration delay) {
        return new WriterOptions(queueCapacity, batchSize, delay, highWaterRatio, bodyBytesBudget,
                listener, ringListener);
    }

    public WriterOptions withHighWaterRatio(double ratio) {
        return new WriterOptions(queueCapacity, batchSize, maxBatchDelay, ratio, bodyBytesBudget,
                listener, ringListener);
    }

    public WriterOptions withListener(Consumer<RecordedFlow> flowListener) {
        return new WriterOptions(queueCapacity, batchSize, maxBatchDelay, highWaterRatio, bodyBytesBudget,
                flowListener, ringListener);
    }

    public WriterOptions withBodyBytesBudget(long bytes) {
        return new WriterOptions(queueCapacity, batchSize, maxBatchDelay, highWaterRatio, bytes, listener, ringListener);
    }

    /** Hears about every token, FCM and push row the writer commits (see {@link #ringListener()}). */
    public WriterOptions withRingListener(Consumer<RingRow> listener) {
        return new WriterOptions(queueCapacity, batchSize, maxBatchDelay, highWaterRatio, bodyBytesBudget,
                this.listener, listener);
    }

    /** Queue size at which flows lose their body bytes. */
    int highWaterMark() {
        return Math.max(1, (int) Math.floor(queueCapacity * highWaterRatio));
    }
}
