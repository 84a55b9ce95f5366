package dev.trygr.analyzer.tokens;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A real capture file written through the real writer (recognizers, ledger, SQLite) from synthetic flows. Its
 * clock, which stamps session starts and ends, is set by the test.
 */
public final class SyntheticCapture implements AutoCloseable {
    private final Path file;
    private final SettableClock clock = new SettableClock();
    private final Capture capture;

    public SyntheticCapture(Path file) {
        this.file = file;
        this.capture = Capture.open(file, clock);
    }

    Path file() {
        return file;
    }

    /** Starts a session at {@code startMicros}; its writer takes flows. */
    public Session session(long startMicros) {
        clock.micros = startMicros;
        long id = capture.startSession(new SessionInfo("test", List.of("regular@127.0.0.1:0"), "00", false, false,
                1 << 20, Map.of()));
        return new Session(id, capture.writer(id, WriterOptions.defaults()));
    }

    public final class Session implements AutoCloseable {
        final long id;
        private final CaptureWriter writer;

        private Session(long id, CaptureWriter writer) {
            this.id = id;
            this.writer = writer;
        }

        public Session add(FlowCompleted... flows) {
            for (FlowCompleted f : flows) {
                writer.submit(f);
            }
            writer.flush();
            return this;
        }

        /** Flushes and ends the session at {@code endMicros}. */
        public void end(long endMicros) {
            writer.close();
            clock.micros = endMicros;
            capture.endSession(id);
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** The lineage of the whole file, or of one session. */
    static TokenLineage lineage(Path file, Long session) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return TokenLineage.read(reader, session, session == null ? file.getFileName().toString()
                    : file.getFileName() + "#" + session);
        }
    }

    @Override
    public void close() {
        capture.close();
    }

    private static final class SettableClock extends Clock {
        volatile long micros = TokenFlows.T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(micros / 1_000_000L, micros % 1_000_000L * 1000);
        }
    }
}
