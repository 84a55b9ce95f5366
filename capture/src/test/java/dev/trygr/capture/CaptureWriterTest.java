package dev.trygr.capture;

import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.RawBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static dev.trygr.capture.TestEvents.T0;
import static dev.trygr.capture.TestEvents.body;
import static dev.trygr.capture.TestEvents.headers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer against a real SQLite file: round trips, connection mapping, overload and failures. */
class CaptureWriterTest {

    @Test
    void flowsAndConnectionsComeBackExactlyAsSubmitted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        List<Header> requestHeaders = headers(
                "Host", "api.ring.com",
                "hardware_id", "6f1c2a9e-0000-4000-8000-1234567890ab",
                "2fa-support", "true",
                "Accept", "application/json",
                "X-Dup", "one",
                "x-dup", "two",
                "X-Empty", "",
                "Content-Type", "application/json");
        List<Header> responseHeaders = headers(
                "Content-Type", "application/json; charset=utf-8",
                "Via", "1.1 a",
                "Via", "1.1 b",
                "X-Empty", "");
        byte[] requestBytes = "{\"device\":\"doorbell\",\"motion\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] responseBytes = "{\"ok\":true,\"ids\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        FlowCompleted flow = TestEvents.flow(1, "POST", "api.ring.com", "/clients_api/dings/active?burst=false",
                requestHeaders, body(requestBytes), 200, responseHeaders, body(responseBytes));
        FlowCompleted failed = new FlowCompleted(1, T0 + 50, "127.0.0.1", 50_001, "https", "GET", "api.ring.com",
                443, "/slow", "/slow", null, "HTTP/1.1", headers("Host", "api.ring.com"), BodySnapshot.EMPTY, 0,
                null, null, List.of(), BodySnapshot.EMPTY, T0 + 60, 0, 0, "upstream reset before response");
        List<RecordedFlow> recorded = Collections.synchronizedList(new ArrayList<>());

        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults().withListener(recorded::add))) {
                writer.submit(TestEvents.opened(1));
                writer.submit(flow);
                writer.submit(failed);
                writer.submit(TestEvents.get(99, "unknown-connection.example"));
                writer.submit(TestEvents.closed(1));
                writer.submit(TestEvents.get(1, "late.example")); // after its connection closed
                writer.submit(TestEvents.closed(2)); // never opened (its open event was lost)
                writer.flush();
                assertEquals(4, recorded.size(), "listener called once per flow, after commit");
                assertEquals(List.of("api.ring.com", "api.ring.com", "unknown-connection.example", "late.example"),
                        recorded.stream().map(r -> r.flow().host()).collect(Collectors.toList()));
            }

            try (CaptureReader reader = capture.reader()) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertEquals(4, flows.size());
                List<ConnectionRow> connections = reader.connections(session);
                assertEquals(2, connections.size());
                ConnectionRow c1 = connections.get(0);
                assertEquals("127.0.0.1", c1.clientAddress());
                assertEquals(50_001, c1.clientPort());
                assertEquals("regular@127.0.0.1:8080", c1.mode());
                assertEquals(T0 + 1, c1.openedMicros());
                assertEquals(T0 + 1_000_001, c1.closedMicros());
                assertEquals(ConnectionOutcome.INTERCEPTED, c1.outcome());
                assertEquals("api.ring.com", c1.sni());
                assertEquals("TLSv1.3", c1.tlsVersion());
                assertEquals(443, c1.targetPort());
                assertEquals(400, c1.bytesToUpstream());
                assertNull(c1.rawClientHead());
                ConnectionRow orphan = connections.get(1);
                assertNull(orphan.openedMicros(), "open event lost");
                assertNull(orphan.clientAddress());
                assertEquals(ConnectionOutcome.INTERCEPTED, orphan.outcome());

                assertEquals(c1.id(), flows.get(0).connectionId());
                assertEquals(c1.id(), flows.get(1).connectionId());
                assertNull(flows.get(2).connectionId(), "unknown connection key");
                assertEquals(c1.id(), flows.get(3).connectionId(), "a flow just after its connection closed");

                FlowDetail d = reader.flow(recorded.get(0).flowId()).orElseThrow();
                assertEquals(recorded.get(0).flowId(), d.summary().id());
                assertEquals(requestHeaders, d.requestHeaders());
                assertEquals(responseHeaders, d.responseHeaders());
                assertEquals("POST", d.summary().method());
                assertEquals("https", d.summary().scheme());
                assertEquals(443, d.summary().port());
                assertEquals("/clients_api/dings/active?burst=false", d.summary().target());
                assertEquals("/clients_api/dings/active", d.summary().path());
                assertEquals("burst=false", d.summary().query());
                assertEquals(200, d.summary().status());
                assertEquals("OK", d.reason());
                assertEquals("HTTP/1.1", d.httpVersion());
                assertEquals(T0 + 10, d.summary().startedMicros());
                assertEquals(30, d.summary().durationMicros());
                assertEquals(T0 + 20, d.requestDoneMicros());
                assertEquals(T0 + 40, d.responseDoneMicros());
                assertEquals(requestBytes.length, d.summary().requestBytes());
                assertNull(d.summary().error());

                StoredBody request = d.requestBody();
                assertEquals("request", request.direction());
                assertArrayEquals(requestBytes, request.data());
                assertArrayEquals(TestEvents.sha256(requestBytes), request.sha256());
                assertEquals("application/json", request.contentType());
                assertNull(request.contentEncoding());
                assertEquals(requestBytes.length, request.originalLength());
                assertEquals(requestBytes.length, request.storedLength());
                assertFalse(request.truncated());
                assertEquals(0, request.redactions());
                assertArrayEquals(responseBytes, d.responseBody().data());
                assertEquals("application/json; charset=utf-8", d.responseBody().contentType());

                FlowDetail f = reader.flow(recorded.get(1).flowId()).orElseThrow();
                assertEquals(0, f.summary().status());
                assertEquals("upstream reset before response", f.summary().error());
                assertEquals(List.of(), f.responseHeaders());
                assertNull(f.requestBody());
                assertNull(f.responseBody());
                assertNull(f.responseStartMicros());
                assertEquals(10, f.summary().durationMicros());

                assertTrue(reader.flow(12345).isEmpty());
                assertEquals(List.of(), reader.losses());
            }
        }
        try (Connection c = TestEvents.jdbc(file)) {
            assertEquals(0, Db.queryLong(c, "SELECT count(*) FROM pragma_foreign_key_check"),
                    "every reference between rows holds");
        }
    }

    @Test
    void truncatedBodyKeepsItsPrefixAndItsLength(@TempDir Path dir) {
        byte[] prefix = "0123456789".getBytes(StandardCharsets.US_ASCII);
        BodySnapshot cut = new BodySnapshot(prefix, 5_000_000, true, null);
        FlowCompleted flow = TestEvents.flow(1, "GET", "cdn.ring.com", "/video.mp4", headers("Host", "cdn.ring.com"),
                BodySnapshot.EMPTY, 200, headers("Content-Type", "video/mp4"), cut);
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(flow);
            }
            try (CaptureReader reader = capture.reader()) {
                StoredBody body = reader.flow(1).orElseThrow().responseBody();
                assertArrayEquals(prefix, body.data());
                assertEquals(5_000_000, body.originalLength());
                assertEquals(10, body.storedLength());
                assertTrue(body.truncated());
                assertNull(body.sha256());
                assertEquals(5_000_000, reader.flows(FlowQuery.ALL).get(0).responseBytes());
            }
        }
    }

    @Test
    void closeWritesEverythingStillQueued(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            CaptureWriter writer = capture.writer(session, WriterOptions.defaults().withBatchSize(64));
            for (int i = 0; i < 2_000; i++) {
                writer.submit(TestEvents.get(i, "h" + i + ".example"));
            }
            writer.close();
            writer.close(); // idempotent
            try (CaptureReader reader = capture.reader()) {
                assertEquals(2_000, reader.flows(FlowQuery.ALL).size());
                assertEquals(List.of(), reader.losses());
            }
        }
    }

    @Test
    void writerRunsOnOneNamedNonDaemonThreadThatEndsOnClose(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            Thread[] seen = new Thread[1];
            CaptureWriter writer = capture.writer(session,
                    WriterOptions.defaults().withListener(f -> seen[0] = Thread.currentThread()));
            writer.submit(TestEvents.get(1, "a.example"));
            writer.flush();
            assertNotNull(seen[0]);
            assertEquals("trygr-capture-writer", seen[0].getName());
            assertFalse(seen[0].isDaemon());
            writer.close();
            assertFalse(seen[0].isAlive());
        }
    }

    /**
     * The writer thread is held inside the listener, so the queue fills deterministically: the first events are
     * queued whole, those past the high-water mark lose their body bytes, the rest are dropped; all counted.
     */
    @Test
    void overloadDropsBodyBytesBeforeMetadataAndCountsEveryLoss(@TempDir Path dir) throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WriterOptions options = WriterOptions.defaults().withQueueCapacity(8).withBatchSize(1)
                .withMaxBatchDelay(Duration.ZERO).withListener(flow -> {
                    if (writerHeld.getCount() > 0) {
                        writerHeld.countDown();
                        await(release);
                    }
                });
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            Map<LossKind, Long> totals;
            try (CaptureWriter writer = capture.writer(session, options)) {
                writer.submit(TestEvents.withBodies(0, 100));
                assertTrue(writerHeld.await(10, TimeUnit.SECONDS), "writer reached the listener");
                for (int i = 1; i <= 20; i++) {
                    writer.submit(TestEvents.withBodies(i, 100)); // queue: 6 whole, 2 without bytes, 12 dropped
                }
                for (int i = 0; i < 3; i++) {
                    writer.submit(TestEvents.opened(100 + i)); // queue full: dropped
                }
                writer.submit(TestEvents.closed(100));
                assertTrue(writer.behind(), "a full queue is behind");
                release.countDown();
                writer.flush();
                assertFalse(writer.behind(), "caught up");
                totals = writer.lossTotals();
            }
            assertEquals(12L, totals.get(LossKind.FLOW_DROPPED));
            assertEquals(4L, totals.get(LossKind.CONNECTION_EVENT_DROPPED));
            assertEquals(4L, totals.get(LossKind.BODY_BYTES_DROPPED));
            assertEquals(0L, totals.get(LossKind.WRITE_FAILED));

            try (CaptureReader reader = capture.reader()) {
                Map<String, Long> written = reader.losses().stream()
                        .collect(Collectors.groupingBy(LossRow::kind, Collectors.summingLong(LossRow::count)));
                assertEquals(Map.of("flow_dropped", 12L, "connection_event_dropped", 4L, "body_bytes_dropped", 4L),
                        written);
                assertTrue(reader.losses().stream().anyMatch(l -> "400 body bytes not kept".equals(l.detail())),
                        reader.losses().toString());
                assertTrue(reader.losses().stream().allMatch(l -> Long.valueOf(session).equals(l.sessionId())));

                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertEquals(9, flows.size(), "1 + 6 whole + 2 without bytes");
                for (int i = 0; i < 9; i++) {
                    FlowDetail d = reader.flow(flows.get(i).id()).orElseThrow();
                    assertEquals("/upload/" + i, d.summary().target());
                    StoredBody response = d.responseBody();
                    assertEquals(100, response.originalLength(), "length kept either way");
                    if (i <= 6) {
                        assertEquals(100, response.storedLength());
                        assertFalse(response.truncated());
                    } else {
                        assertEquals(0, response.storedLength(), "bytes dropped for flow " + i);
                        assertTrue(response.truncated());
                        assertNotNull(response.sha256(), "the proxy's hash survives");
                    }
                }
            }
        }
    }

    /**
     * Large bodies hit the byte budget long before the queue's high-water mark: past it flows keep their metadata,
     * length and hash but not their bytes, and once the writer has caught up bodies are kept whole again.
     */
    @Test
    void bodyBytesBudgetDropsBytesBeforeTheQueueFillsAndRecovers(@TempDir Path dir) throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WriterOptions options = WriterOptions.defaults().withQueueCapacity(100).withBatchSize(1)
                .withMaxBatchDelay(Duration.ZERO).withBodyBytesBudget(1000).withListener(flow -> {
                    if (writerHeld.getCount() > 0) {
                        writerHeld.countDown();
                        await(release);
                    }
                });
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, options)) {
                writer.submit(TestEvents.withBodies(0, 100));
                assertTrue(writerHeld.await(10, TimeUnit.SECONDS), "writer reached the listener");
                for (int i = 1; i <= 10; i++) {
                    writer.submit(TestEvents.withBodies(i, 100));   // 200 body bytes each: 5 fit in 1000
                }
                assertTrue(writer.behind(), "10 of 100 events queued, but the byte budget is full");
                release.countDown();
                writer.flush();
                writer.submit(TestEvents.withBodies(11, 100));      // caught up: the budget is free again
                writer.flush();
                assertEquals(10L, writer.lossTotals().get(LossKind.BODY_BYTES_DROPPED), "two bodies of flows 6-10");
                assertEquals(0L, writer.lossTotals().get(LossKind.FLOW_DROPPED));
            }
            try (CaptureReader reader = capture.reader()) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertEquals(12, flows.size());
                for (int i = 0; i < 12; i++) {
                    FlowDetail d = reader.flow(flows.get(i).id()).orElseThrow();
                    assertEquals("/upload/" + i, d.summary().target());
                    boolean kept = i <= 5 || i == 11;
                    assertEquals(kept ? 100 : 0, d.requestBody().storedLength(), "request body of flow " + i);
                    assertEquals(kept ? 100 : 0, d.responseBody().storedLength(), "response body of flow " + i);
                    assertEquals(100, d.responseBody().originalLength());
                    assertNotNull(d.responseBody().sha256());
                }
            }
        }
    }

    /** A real SQL failure (a trigger aborts one insert) costs that one event, not its batch, and is counted. */
    @Test
    void sqlFailureCostsOnlyTheFailingEventAndIsCounted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            try (Connection c = TestEvents.jdbc(file)) {
                Db.execute(c, """
                        CREATE TRIGGER refuse_boom BEFORE INSERT ON flows WHEN NEW.host = 'boom.example'
                        BEGIN SELECT RAISE(ABORT, 'boom refused'); END""");
            }
            long session = capture.startSession(TestEvents.session(false));
            Map<LossKind, Long> totals;
            CountDownLatch writerHeld = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            WriterOptions options = WriterOptions.defaults().withListener(flow -> {
                if (writerHeld.getCount() > 0) {
                    writerHeld.countDown();
                    await(release);
                }
            });
            try (CaptureWriter writer = capture.writer(session, options)) {
                writer.submit(TestEvents.get(1, "first.example"));
                assertTrue(writerHeld.await(10, TimeUnit.SECONDS));
                writer.submit(TestEvents.opened(7)); // these four wait in the queue and form one batch
                writer.submit(TestEvents.get(7, "before.example"));
                writer.submit(TestEvents.get(7, "boom.example"));
                writer.submit(TestEvents.get(7, "after.example"));
                release.countDown();
                writer.flush();
                writer.submit(TestEvents.closed(7));
                writer.flush();
                totals = writer.lossTotals();
            }
            assertEquals(1L, totals.get(LossKind.WRITE_FAILED));
            try (CaptureReader reader = capture.reader()) {
                List<String> hosts = reader.flows(FlowQuery.ALL).stream().map(FlowSummary::host)
                        .collect(Collectors.toList());
                assertEquals(List.of("first.example", "before.example", "after.example"), hosts);
                List<ConnectionRow> connections = reader.connections();
                assertEquals(1, connections.size(), "connection row written once, closed in place");
                assertNotNull(connections.get(0).openedMicros());
                assertNotNull(connections.get(0).closedMicros());
                LossRow loss = reader.losses().stream().filter(l -> l.kind().equals("write_failed")).findFirst()
                        .orElseThrow();
                assertEquals(1, loss.count());
                assertTrue(loss.detail().contains("boom refused"), loss.detail());
            }
        }
    }

    @Test
    void listenerMayCloseTheWriterWithoutDeadlock(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            AtomicReference<CaptureWriter> self = new AtomicReference<>();
            CountDownLatch bothSubmitted = new CountDownLatch(1);
            List<IllegalStateException> flushErrors = new ArrayList<>();
            CaptureWriter writer = capture.writer(session, WriterOptions.defaults().withListener(flow -> {
                if (flow.flow().host().equals("a.example")) {
                    await(bothSubmitted);
                    try {
                        self.get().flush();
                    } catch (IllegalStateException e) {
                        flushErrors.add(e);
                    }
                    self.get().close();
                }
            }));
            self.set(writer);
            writer.submit(TestEvents.get(1, "a.example"));
            writer.submit(TestEvents.get(2, "b.example"));
            bothSubmitted.countDown();
            writer.close();
            assertEquals(1, flushErrors.size(), "flush on the writer thread refuses instead of hanging");
            try (CaptureReader reader = capture.reader()) {
                assertEquals(2, reader.flows(FlowQuery.ALL).size(), "what was queued is still written");
            }
        }
    }

    @Test
    void eventsAfterCloseAreCountedNotRecorded(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            CaptureWriter writer = capture.writer(session, WriterOptions.defaults());
            writer.close();
            writer.submit(TestEvents.get(1, "late.example"));
            writer.submit(TestEvents.opened(1));
            writer.flush(); // returns at once: nothing to wait for
            assertEquals(1L, writer.lossTotals().get(LossKind.FLOW_DROPPED));
            assertEquals(1L, writer.lossTotals().get(LossKind.CONNECTION_EVENT_DROPPED));
        }
    }

    @Test
    void captureCloseClosesItsWriters(@TempDir Path dir) {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(false));
            CaptureWriter writer = capture.writer(session, WriterOptions.defaults());
            writer.submit(TestEvents.get(1, "a.example"));
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals(1, reader.flows(FlowQuery.ALL).size());
        }
    }

    @Test
    void closedEventCarriesRawHeadsOfRawStreams(@TempDir Path dir) {
        byte[] clientHead = {0x29, 0x02, 0x00, (byte) 0xff};
        byte[] upstreamHead = {0x29, 0x03};
        ConnectionClosed raw = new ConnectionClosed(5, T0, ConnectionOutcome.INTERCEPTED, null, "mtalk.google.com",
                5228, "142.250.1.1:5228", null, null, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "raw",
                4, 0, 2, 4, new RawBytes(clientHead, clientHead, upstreamHead, new byte[] {0x03}));
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(TestEvents.opened(5));
                writer.submit(raw);
            }
            try (CaptureReader reader = capture.reader()) {
                ConnectionRow row = reader.connections().get(0);
                assertArrayEquals(clientHead, row.rawClientHead());
                assertArrayEquals(upstreamHead, row.rawUpstreamHead());
                assertArrayEquals(clientHead, row.rawClientTail());
                assertArrayEquals(new byte[] {0x03}, row.rawUpstreamTail());
                assertEquals("raw", row.protocol());
                assertNull(row.sni());
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("test never released the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
