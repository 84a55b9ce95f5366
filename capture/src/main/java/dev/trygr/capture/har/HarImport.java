package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.WsMessage;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.FcmEventRow;
import dev.trygr.capture.RingRow;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.TokenEventRow;
import dev.trygr.capture.WriterOptions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Imports a HAR file into a capture as one new session ({@code modes = ["import:har"]}, the file's name in its
 * options). Each entry becomes a {@link FlowCompleted} (and its {@code _webSocketMessages} {@link WsMessage}s)
 * submitted to a {@link CaptureWriter}, in time order, so secrets are redacted and the Ring/FCM recognizers and token
 * ledger run on the writer thread exactly as for live traffic.
 *
 * <p>Streamed: a first pass finds where each entry starts ({@link HarIndex}), then entries are read one at a time
 * ({@link HarEntryParser}), bodies cut to {@code maxBody} as they are read. The writer never has more than two chunks
 * of events queued (the import waits for it), so it never drops anything for load.
 *
 * <p>Bad input never stops the import: an entry that cannot become a flow is skipped with its reason, and what
 * could be worked around is reported as a problem, both naming the entry ({@code log.entries[12]}); a file that
 * breaks off keeps the entries before the break. Only a file that is not a HAR at all is refused
 * ({@link HarException}), before anything is written.
 */
public final class HarImport {
    public static final String MODE = HarConnections.MODE;
    /** Events per chunk (two chunks at most are queued): far below the writer queue's high-water mark. */
    private static final int EVENTS_PER_CHUNK = 2048;
    private static final long BYTES_PER_CHUNK = 32L << 20;

    /** Hears about problems as they are found, and about progress. Called on the importing thread. */
    public interface Listener {
        /** Something skipped or worked around, starting with where: {@code log.entries[12]: …}. No values. */
        void problem(String message);

        /** After each entry: entries done (imported or skipped) out of the entries in the file. */
        default void progress(long done, long total) {
        }
    }

    /**
     * @param maxBody bytes kept per body and WebSocket message at most ({@code --max-body})
     * @param version trygr's version, for the session row
     */
    public record Options(int maxBody, String version) {
        public Options {
            if (maxBody < 0) {
                throw new IllegalArgumentException("maxBody must not be negative: " + maxBody);
            }
            Objects.requireNonNull(version, "version");
        }
    }

    private final Path har;
    private final Options options;
    private final Listener listener;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final AtomicLong tokenEvents = new AtomicLong();
    private final AtomicLong fcmEvents = new AtomicLong();
    private final AtomicLong findings = new AtomicLong();
    private CaptureWriter writer;
    private HarConnections connections;
    private long flows;
    private long withoutResponse;
    private long wsMessages;
    private long problems;
    private long truncatedBodies;
    private long decodedBodies;
    private ExecutorService flusher;
    private Future<?> inFlight;
    private int pendingEvents;
    private long pendingBytes;

    private HarImport(Path har, Options options, Listener listener) {
        this.har = har;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Imports {@code har} into {@code capture}.
     *
     * @throws HarException when the file is missing, not JSON, not a HAR, or not UTF-8 (nothing is written)
     */
    public static HarImportResult run(Path har, Capture capture, Options options, Listener listener) {
        return new HarImport(har, options, listener).into(capture);
    }

    private HarImportResult into(Capture capture) {
        HarIndex index = HarIndex.read(har);
        String name = har.getFileName() == null ? har.toString() : har.getFileName().toString();
        Map<String, Object> sessionOptions = new TreeMap<>();
        sessionOptions.put("har", name);
        sessionOptions.put("max-body", options.maxBody());
        sessionOptions.put("har-entries", index.count());
        if (index.creator() != null) {
            sessionOptions.put("har-creator", index.creator());
        }
        long session = capture.startSession(new SessionInfo(options.version(), List.of(MODE), null, false, false,
                options.maxBody(), sessionOptions));
        WriterOptions writerOptions = WriterOptions.defaults().withRingListener(this::heard);
        String stopped = index.stopped();
        flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trygr-har-flush");
            t.setDaemon(true);
            return t;
        });
        try (CaptureWriter w = capture.writer(session, writerOptions);
             FileChannel file = FileChannel.open(har, StandardOpenOption.READ)) {
            writer = w;
            connections = new HarConnections(this::submit, name);
            HarEntryParser entries = new HarEntryParser(file, options.maxBody());
            HarWsReader ws = new HarWsReader(file, options.maxBody());
            int[] order = index.timeOrder();
            for (int n = 0; n < order.length; n++) {
                entry(index, order[n], entries, ws);
                listener.progress(n + 1, order.length);
            }
            connections.closeAll();
            awaitCommitted();
            w.flush();
            w.close();
            return new HarImportResult(session, index.count(), flows, withoutResponse, wsMessages, skipped, problems,
                    truncatedBodies, decodedBodies, connections.rows(), tokenEvents.get(), fcmEvents.get(),
                    findings.get(), w.lossTotals(), stopped);
        } catch (IOException e) {
            throw new HarException("reading " + har + " failed part way (" + e.getMessage() + "); the flows imported"
                    + " so far are in session " + session, e);
        } finally {
            flusher.shutdownNow();
            capture.endSession(session);
        }
    }

    private void entry(HarIndex index, int i, HarEntryParser parser, HarWsReader ws) throws IOException {
        String where = "log.entries[" + i + "]";
        if (index.offset(i) == HarIndex.NOT_AN_OBJECT) {
            skip(where, "not an object");
            return;
        }
        HarEntry e;
        try {
            try {
                e = parser.read(i, index.offset(i), true);
            } catch (StreamConstraintsException tooLong) {
                e = parser.read(i, index.offset(i), false); // again, leaving the body texts unread
            }
        } catch (JsonProcessingException bad) {
            skip(where, "unreadable (" + HarJson.describe(bad) + ")");
            return;
        }
        HarFlows.Converted c;
        try {
            c = HarFlows.convert(e, 0);
        } catch (HarFlows.Skip s) {
            skip(where, s.reason);
            return;
        }
        for (String p : e.problems()) {
            problem(where + ": " + p);
        }
        FlowCompleted f = c.flow();
        long end = Math.max(f.responseDoneMicros(), Math.max(f.responseStartMicros(), f.requestDoneMicros()));
        long key = connections.keyFor(e, c.url(), f.startedMicros(), end, f.clientAddress(), f.clientPort());
        f = withKey(f, key);
        submit(f);
        flows++;
        withoutResponse += c.noResponse() ? 1 : 0;
        decodedBodies += c.renamedEncodings();
        truncatedBodies += (f.requestBody().truncated() ? 1 : 0) + (f.responseBody().truncated() ? 1 : 0);
        if (f.status() == 101) {
            connections.upgraded(key);
        }
        if (e.wsOffset() >= 0) {
            long[] previous = {f.startedMicros()};
            try {
                ws.forEach(e.wsOffset(), m -> {
                    long at = m.atMicros() == null ? previous[0] : m.atMicros();
                    previous[0] = at;
                    submit(new WsMessage(key, at, m.fromClient(), m.opcode(), m.length(), m.compressed(),
                            m.payload(), m.truncated()));
                    wsMessages++;
                }, p -> problem(where + "." + p));
            } catch (JsonProcessingException bad) {
                problem(where + "._webSocketMessages: the messages after the last one imported could not be read ("
                        + HarJson.describe(bad) + ")");
            }
        }
    }

    private static FlowCompleted withKey(FlowCompleted f, long key) {
        return new FlowCompleted(key, f.startedMicros(), f.clientAddress(), f.clientPort(), f.scheme(), f.method(),
                f.host(), f.port(), f.target(), f.path(), f.query(), f.httpVersion(), f.requestHeaders(),
                f.requestBody(), f.status(), f.reason(), f.responseVersion(), f.responseHeaders(), f.responseBody(),
                f.requestDoneMicros(), f.responseStartMicros(), f.responseDoneMicros(), f.error());
    }

    /**
     * Submits to the writer without letting its queue near the high-water mark (where it would drop body bytes):
     * events go in chunks, and a chunk is only started once the chunk before the last is committed. The writer
     * commits one chunk while the next is being read.
     */
    private void submit(CaptureEvent event) {
        writer.submit(event);
        pendingEvents++;
        if (event instanceof FlowCompleted f) {
            pendingBytes += bytes(f.requestBody()) + bytes(f.responseBody());
        } else if (event instanceof WsMessage m) {
            pendingBytes += m.payload().length;
        }
        if (pendingEvents >= EVENTS_PER_CHUNK || pendingBytes >= BYTES_PER_CHUNK) {
            awaitCommitted();
            inFlight = flusher.submit(writer::flush);
            pendingEvents = 0;
            pendingBytes = 0;
        }
    }

    /** Waits until the chunk handed to the flusher last is committed. */
    private void awaitCommitted() {
        if (inFlight == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                inFlight.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the import's bookkeeping; the caller sees the flag
            } catch (ExecutionException e) {
                throw new IllegalStateException("capture writer flush failed", e.getCause());
            }
        }
        inFlight = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long bytes(BodySnapshot body) {
        return body.stored().length;
    }

    private void skip(String where, String reason) {
        skipped.merge(reason.startsWith("unreadable") ? "unreadable" : reason, 1L, Long::sum);
        listener.problem(where + ": skipped: " + reason);
    }

    private void problem(String message) {
        problems++;
        listener.problem(message);
    }

    /** On the writer thread, after each commit. */
    private void heard(RingRow row) {
        if (row instanceof TokenEventRow) {
            tokenEvents.incrementAndGet();
        } else if (row instanceof FcmEventRow) {
            fcmEvents.incrementAndGet();
        }
        if (row.isFinding()) {
            findings.incrementAndGet();
        }
    }
}
