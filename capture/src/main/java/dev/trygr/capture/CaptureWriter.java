package dev.trygr.capture;

import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.PushChannelNoted;
import dev.trygr.capture.CaptureEvent.PushReceived;
import dev.trygr.capture.CaptureEvent.WsMessage;
import dev.trygr.capture.ring.RingRecognizers;
import dev.trygr.capture.secrets.Redactor;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of a session: {@link #submit} queues an event and returns at once; a dedicated thread
 * ({@code trygr-capture-writer}, not a daemon, so queued events are not lost at exit) writes batches of events
 * in transactions.
 *
 * <p>Overload never blocks the proxy: past the high-water mark flows are queued without their body bytes
 * ({@code body_bytes_dropped}), except flows whose bodies the Ring/FCM recognizers read (token grants, push
 * registrations: small, and lineage needs them); when the queue is full the event is dropped ({@code flow_dropped},
 * {@code connection_event_dropped}, …). Every drop is counted and written into {@code losses}. A failed write is
 * retried event by event; an event that still fails is counted as {@code write_failed} and the thread goes on.
 *
 * <p>Each recorded flow also goes through the Ring/FCM recognizers and the token ledger (raw, before redaction);
 * their rows land in {@code token_events} and {@code fcm_events} in the flow's transaction, and
 * {@link WriterOptions#ringListener()} hears about them after the commit.
 *
 * <p>{@link #close()} writes everything queued, then the losses; events submitted after that are counted in
 * {@link #lossTotals()} but not recorded.
 */
public final class CaptureWriter implements CaptureSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CaptureWriter.class.getName());
    private static final long LOSS_WRITE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Object STOP = new Object();

    /** Queued by {@link #flush()}: released once everything before it is committed. */
    private record Barrier(CountDownLatch committed) {
    }

    private final ArrayBlockingQueue<Object> queue;
    private final WriterOptions options;
    private final int highWaterMark;
    private final LossCounter losses = new LossCounter();
    private final Connection connection;
    private final BatchWriter batches;
    private final Thread thread;
    private final Object closeLock = new Object();
    private volatile boolean closing;
    private long lastLossWrite = System.nanoTime();

    /**
     * @param redactor     null when the session stores secrets as they are
     * @param fingerprints the capture's redactor, for token fingerprints (used whatever the session stores)
     */
    CaptureWriter(Connection connection, long sessionId, Redactor redactor, Redactor fingerprints,
                  WriterOptions options, Clock clock) throws SQLException {
        this.options = Objects.requireNonNull(options, "options");
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.highWaterMark = options.highWaterMark();
        this.connection = connection;
        this.batches = new BatchWriter(connection, sessionId, redactor, fingerprints, losses, clock);
        this.thread = new Thread(this::run, "trygr-capture-writer");
        thread.setDaemon(false);
        thread.start();
    }

    /** Queues the event, or counts it as lost; never blocks. */
    @Override
    public void submit(CaptureEvent event) {
        Objects.requireNonNull(event, "event");
        if (closing) {
            countDropped(event);
            return;
        }
        long bodies = 0;
        long bytes = 0;
        if (event instanceof FlowCompleted flow && queue.size() >= highWaterMark
                && !RingRecognizers.readsBodies(flow)) {
            int request = flow.requestBody().stored().length;
            int response = flow.responseBody().stored().length;
            bodies = (request > 0 ? 1 : 0) + (response > 0 ? 1 : 0);
            if (bodies > 0) {
                bytes = (long) request + response;
                event = flow.withoutBodyBytes(); // keep the metadata, let the bytes go
            }
        } else if (event instanceof WsMessage m && m.payload().length > 0 && queue.size() >= highWaterMark) {
            bodies = 1;
            bytes = m.payload().length;
            event = new WsMessage(m.connectionKey(), m.atMicros(), m.fromClient(), m.opcode(), m.length(),
                    m.compressed(), new byte[0], true);
        }
        if (!queue.offer(event)) {
            countDropped(event);
        } else if (bodies > 0) {
            losses.add(LossKind.BODY_BYTES_DROPPED, bodies);
            losses.addDroppedBodyBytes(bytes);
        }
    }

    /** Blocks until every event submitted before this call is committed (and its listener calls are made). */
    public void flush() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("flush() on the writer thread would wait for itself");
        }
        Barrier barrier = new Barrier(new CountDownLatch(1));
        putUninterruptibly(barrier);
        boolean interrupted = false;
        try {
            while (thread.isAlive()) {
                try {
                    if (barrier.committed().await(100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every loss counted since this writer started (written to {@code losses} or about to be). */
    public Map<LossKind, Long> lossTotals() {
        return losses.totals();
    }

    /**
     * Writes everything queued and the losses, then stops the thread and closes the connection. Idempotent.
     * Called from the writer thread itself (a listener), it only asks the thread to stop.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (!closing) {
                closing = true;
                // Wakes the writer. If the queue is full the writer is busy anyway, and stops once it is empty.
                queue.offer(STOP);
            }
        }
        boolean interrupted = false;
        while (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish closing: leaving the thread half-stopped would lose events
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} was called. */
    boolean isClosed() {
        return closing;
    }

    private void countDropped(CaptureEvent event) {
        LossKind kind = event instanceof FlowCompleted ? LossKind.FLOW_DROPPED
                : event instanceof WsMessage ? LossKind.WS_MESSAGE_DROPPED
                : event instanceof DnsQueried ? LossKind.DNS_QUERY_DROPPED
                : event instanceof PushReceived ? LossKind.PUSH_MESSAGE_DROPPED
                : event instanceof PushChannelNoted ? LossKind.PUSH_CHANNEL_EVENT_DROPPED
                : LossKind.CONNECTION_EVENT_DROPPED;
        losses.add(kind, 1);
    }

    /** Queues a control item even when the queue is full (the writer is draining it), unless the thread died. */
    private void putUninterruptibly(Object item) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>(options.batchSize());
        try {
            while (true) {
                Object first = queue.poll(LOSS_WRITE_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    writeBatch(List.of(), false); // idle: write any losses counted meanwhile
                    continue;
                }
                batch.add(first);
                collect(batch);
                boolean stop = batch.contains(STOP);
                writeBatch(batch, stop || batch.stream().anyMatch(Barrier.class::isInstance));
                batch.clear();
                if (stop || (closing && queue.isEmpty())) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but a JVM tearing down: write what is queued below and stop.
        } finally {
            try {
                queue.drainTo(batch); // submit() may have slipped events in while we were stopping
                writeBatch(batch, true);
            } finally {
                releaseBarriers(new ArrayList<>(queue));
                batches.close();
                Db.closeQuietly(connection);
            }
        }
    }

    /** Adds queued events to the batch until it is full, a control item arrives, or the batch delay is up. */
    private void collect(List<Object> batch) throws InterruptedException {
        long deadline = System.nanoTime() + options.maxBatchDelay().toNanos();
        while (batch.size() < options.batchSize() && !isControl(batch.get(batch.size() - 1))) {
            if (queue.drainTo(batch, 1) == 1) {
                continue;
            }
            long wait = deadline - System.nanoTime();
            Object next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private static boolean isControl(Object item) {
        return item == STOP || item instanceof Barrier;
    }

    /** Writes the events of the batch, then releases its barriers; never throws. */
    private void writeBatch(List<Object> batch, boolean forceLosses) {
        List<CaptureEvent> events = new ArrayList<>(batch.size());
        for (Object item : batch) {
            if (item instanceof CaptureEvent event) {
                events.add(event);
            }
        }
        boolean withLosses = forceLosses || System.nanoTime() - lastLossWrite >= LOSS_WRITE_INTERVAL_NANOS;
        if (!events.isEmpty() || withLosses) {
            BatchWriter.Written written = write(events, withLosses);
            if (withLosses) {
                lastLossWrite = System.nanoTime();
            }
            notifyListener(written);
        }
        releaseBarriers(batch);
    }

    private BatchWriter.Written write(List<CaptureEvent> events, boolean withLosses) {
        try {
            return batches.write(events, withLosses);
        } catch (SQLException | RuntimeException batchFailure) {
            LOG.log(Level.WARNING, "capture batch of " + events.size() + " events failed, retrying one by one: "
                    + batchFailure);
        }
        List<RecordedFlow> flows = new ArrayList<>();
        List<RingRow> ringRows = new ArrayList<>();
        for (CaptureEvent event : events) {
            try {
                BatchWriter.Written one = batches.write(List.of(event), false);
                flows.addAll(one.flows());
                ringRows.addAll(one.ringRows());
            } catch (SQLException | RuntimeException e) {
                String what = event.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.log(Level.WARNING, "capture could not write " + what);
                losses.noteWriteError(what);
                losses.add(LossKind.WRITE_FAILED, 1);
            }
        }
        if (withLosses) {
            try {
                batches.write(List.of(), true);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "capture could not write its losses (kept for the next try): " + e);
            }
        }
        return new BatchWriter.Written(flows, ringRows);
    }

    private void notifyListener(BatchWriter.Written written) {
        for (RecordedFlow flow : written.flows()) {
            try {
                options.listener().accept(flow);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "capture flow listener failed on flow " + flow.flowId(), e);
            }
        }
        for (RingRow row : written.ringRows()) {
            try {
                options.ringListener().accept(row);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "capture ring listener failed on " + row.getClass().getSimpleName() + " "
                        + row.id(), e);
            }
        }
    }

    private static void releaseBarriers(List<Object> items) {
        for (Object item : items) {
            if (item instanceof Barrier barrier) {
                barrier.committed().countDown();
            }
        }
    }
}
