package dev.trygr.capture;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Losses counted by any thread ({@code submit} runs on event loops) and taken by the writer thread, which turns
 * them into {@code losses} rows. Lock-free: counting must never slow the proxy down.
 */
final class LossCounter {
    /** Losses taken for writing: put back with {@link #putBack} when the write fails. */
    record Pending(LossKind kind, long count, long bytes, String detail) {
    }

    private final Map<LossKind, AtomicLong> pending = new EnumMap<>(LossKind.class);
    private final Map<LossKind, AtomicLong> totals = new EnumMap<>(LossKind.class);
    private final AtomicLong pendingDroppedBytes = new AtomicLong();
    private final AtomicReference<String> lastWriteError = new AtomicReference<>();

    LossCounter() {
        for (LossKind kind : LossKind.values()) {
            pending.put(kind, new AtomicLong());
            totals.put(kind, new AtomicLong());
        }
    }

    void add(LossKind kind, long count) {
        pending.get(kind).addAndGet(count);
        totals.get(kind).addAndGet(count);
    }

    /** Body bytes not kept because of overload (reported in the detail of the body_bytes_dropped row). */
    void addDroppedBodyBytes(long bytes) {
        pendingDroppedBytes.addAndGet(bytes);
    }

    void noteWriteError(String message) {
        lastWriteError.set(message);
    }

    /** Everything counted since the last take; the pending counters restart from zero. */
    List<Pending> take() {
        List<Pending> out = new ArrayList<>();
        for (LossKind kind : LossKind.values()) {
            long count = pending.get(kind).getAndSet(0);
            if (count == 0) {
                continue;
            }
            long bytes = 0;
            String detail = null;
            if (kind == LossKind.BODY_BYTES_DROPPED) {
                bytes = pendingDroppedBytes.getAndSet(0);
                detail = bytes + " body bytes not kept";
            } else if (kind == LossKind.WRITE_FAILED) {
                detail = lastWriteError.get();
            }
            out.add(new Pending(kind, count, bytes, detail));
        }
        return out;
    }

    /** Returns losses taken for a write that did not commit, so the next write records them. */
    void putBack(List<Pending> taken) {
        for (Pending p : taken) {
            pending.get(p.kind()).addAndGet(p.count());
            pendingDroppedBytes.addAndGet(p.bytes());
        }
    }

    /** Everything counted since this writer started, written or not. */
    Map<LossKind, Long> totals() {
        Map<LossKind, Long> out = new EnumMap<>(LossKind.class);
        totals.forEach((kind, count) -> out.put(kind, count.get()));
        return out;
    }
}
