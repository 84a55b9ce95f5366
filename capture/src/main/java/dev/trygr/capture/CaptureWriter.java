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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one writer of a session: {@link #submit} queues an event and returns at once; a dedicated thread
 * ({@code trygr-capture-writer}, not a daemon, so queued events are not lost at exit) writes batches of events
 * in transactions.
 *
 * <p>Overload never blocks the proxy: past the high-water mark, or when the body bytes already queued reach
 * {@link WriterOptions#bodyBytesBudget()}, flows are queued without their body bytes ({@code body_bytes_dropped}),
 * except flows whose bodies the Ring/FCM recognizers read (token grants, push registrations: small, and lineage
 * needs them); when the queue is full the event is dropped ({@code flow_dropped}, {@code connection_event_dropped},
 * …). Every drop is counted and written into {@code losses}. A failed write is
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
    /** Body bytes of the flows and messages in the queue, for {@link WriterOptions#bodyBytesBudget()}. */
    private final AtomicLong queuedBodyBytes = new AtomicLong();
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
        long carried = bodyBytes(event);
        boolean overloaded = carried > 0 && (queue.size() >= highWaterMark
                || queuedBodyBytes.get() + carried > options.bodyBytesBudget());
        if (overloaded && event instanceof FlowCompleted flow && !RingRecognizers.readsBodies(flow)) {
            int request = flow.requestBody().stored().length;
            int response = flow.responseBody().stored().length;
            bodies = (request > 0 ? 1 : 0) + (response > 0 ? 1 : 0);
            bytes = carried;
            event = flow.withoutBodyBytes(); // keep the metadata, let the bytes go
            carried = 0;
        } else if (overloaded && event instanceof WsMessage m) {
            bodies = 1;
            bytes = carried;
            event = new WsMessage(m.connectionKey(), m.atMicros(), m.fromClient(), m.opcode(), m.length(),
                    m.compressed(), new byte[0], true);
            carried = 0;
        }
        if (carried > 0) {
            queuedBodyBytes.addAndGet(carried);   // before the offer: the writer subtracts once it took the event
        }
        if (!queue.offer(event)) {
            if (carried > 0) {
                queuedBodyBytes.addAndGet(-carried);
            }
            countDropped(event);
        } else if (bodies > 0) {
            losses.add(LossKind.BODY_BYTES_DROPPED, bodies);
            losses.addDroppedBodyBytes(bytes);
        }
    }

    @Override
    public boolean behind() {
        long bytes = queuedBodyBytes.get();   // no lock, unlike the queue's size
        return (bytes > 0 && bytes >= options.bodyBytesBudget() / 2) || queue.size() >= options.queueCapacity() / 2;
    }

    /** The body bytes an event holds in memory while it waits in the queue. */
    private static long bodyBytes(Object event) {
        if (event instanceof FlowCompleted flow) {
            return (long) flow.requestBody().stored().length + flow.responseBody().stored().length;
        }
        if (event instanceof WsMessage m) {
            return m.payload().length;
        }
        return 0;
    }

    /** Blocks until every event submitted before this call is committed (and its listener calls are made). */
    public void flush() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("flush() on the writer thread would wait for itself");
        }
        Barrier barrier = new Barrier(new CountDownLatch(1));
        putUninterruptibly(barrier);
        LockSupport.unpark(thread);   // it may be sleeping in collect()
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
                LockSupport.unpark(thread);
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

    /**
     * Adds queued events to the batch until it is full, a control item arrives, or the batch delay is up. Between
     * looks at the queue it sleeps (a tenth of the batch delay at most) rather than waiting on the queue: waiting
     * would have every {@code submit} wake this thread, one futex call and context switch per event on the event
     * loops' side and this one's. {@link #flush()} and {@link #close()} wake it at once.
     */
    private void collect(List<Object> batch) throws InterruptedException {
        long delay = options.maxBatchDelay().toNanos();
        long deadline = System.nanoTime() + delay;
        long step = Math.max(1, delay / 10);
        int looked = 0;
        while (batch.size() < options.batchSize()) {
            queue.drainTo(batch, options.batchSize() - batch.size());
            for (int i = looked; i < batch.size(); i++) {
                if (isControl(batch.get(i))) {
                    return;
                }
            }
            looked = batch.size();
            long wait = deadline - System.nanoTime();
            if (batch.size() >= options.batchSize() || wait <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(wait, step));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static boolean isControl(Object item) {
        return item == STOP || item instanceof Barrier;
    }

    /** Writes the events of the batch, then releases its barriers; never throws. */
    private void writeBatch(List<Object> batch, boolean forceLosses) {
        List<CaptureEvent> events = new ArrayList<>(batch.size());
        long bodyBytes = 0;
        for (Object item : batch) {
            if (item instanceof CaptureEvent event) {
                events.add(event);
                bodyBytes += bodyBytes(event);
            }
        }
        queuedBodyBytes.addAndGet(-bodyBytes);   // out of the queue; written below or counted as lost
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
