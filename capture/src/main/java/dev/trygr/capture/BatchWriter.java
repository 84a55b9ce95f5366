package dev.trygr.capture;

import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.PushChannelNoted;
import dev.trygr.capture.CaptureEvent.PushReceived;
import dev.trygr.capture.CaptureEvent.WsMessage;
import dev.trygr.capture.ring.RingRecognizers;
import dev.trygr.capture.secrets.RedactedBody;
import dev.trygr.capture.secrets.Redactor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL side of the writer thread: turns a batch of events into rows in one {@code BEGIN IMMEDIATE}
 * transaction, with prepared statements kept for the writer's lifetime. Flows and their bodies go in as JDBC
 * batches, run before any row that may refer to a flow (WebSocket messages, Ring and push rows) and at the end of
 * the transaction: sqlite-jdbc follows every single statement run in auto-commit mode with a {@code BEGIN} attempt
 * of its own (about a twentieth of this thread's time), every batch with one. Connection rows, which flows refer
 * to, go in at once. Row ids are assigned here (read the
 * current maxima under the write lock, then count up), so a flow and its bodies go in without updates and no
 * generated keys are fetched. Ring and FCM rows (recognized from the raw flows, before redaction) go in through
 * {@link RingRowWriter} in the same transaction. Not thread-safe: only the writer thread uses it.
 */
final class BatchWriter implements AutoCloseable {
    /** What one transaction committed, for the listeners. */
    record Written(List<RecordedFlow> flows, List<RingRow> ringRows) {
    }

    private static final String INSERT_OPENED = """
            INSERT INTO connections (id, session_id, client_address, client_port, mode, listen_address, opened)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String CLOSED_COLUMNS = """
            closed, outcome, reason, target_host, target_port, upstream_address, sni, alpn, tls_version,
            cipher_suite, protocol, bytes_from_client, bytes_to_client, bytes_from_upstream, bytes_to_upstream,
            raw_client_head, raw_upstream_head, raw_client_tail, raw_upstream_tail""";
    private static final int CLOSED_COUNT = 19;
    private static final String UPDATE_CLOSED = "UPDATE connections SET (" + CLOSED_COLUMNS + ") = ("
            + marks(CLOSED_COUNT) + ") WHERE id = ?";
    private static final String INSERT_CLOSED = "INSERT INTO connections (" + CLOSED_COLUMNS
            + ", id, session_id) VALUES (" + marks(CLOSED_COUNT + 2) + ")";
    private static final String INSERT_FLOW = """
            INSERT INTO flows (id, session_id, connection_id, started, client_address, client_port, scheme, method,
                               host, port, target, path, query, http_version, request_headers, status, reason,
                               response_version, response_headers, request_body_id, response_body_id,
                               request_bytes, response_bytes, request_done, response_start, response_done,
                               duration_us, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_BODY = """
            INSERT INTO bodies (id, flow_id, direction, content_encoding, decoded_from, content_type,
                                original_length, stored_length, truncated, withheld, sha256, redactions, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_WS = """
            INSERT INTO ws_messages (session_id, flow_id, connection_id, at, direction, opcode, length, compressed,
                                     truncated, redactions, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_DNS = """
            INSERT INTO dns_queries (session_id, at, client_address, client_port, transport, query_id, name, type,
                                     outcome, rcode, answers, latency_us, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_LOSS =
            "INSERT INTO losses (session_id, at, kind, count, detail) VALUES (?, ?, ?, ?, ?)";

    private static final int RECENTLY_CLOSED = 4096;

    private final Connection c;
    private final long sessionId;
    private final Redactor redactor;
    private final LossCounter losses;
    private final Clock clock;
    /** Proxy connection key to connection row id, for connections opened and not yet closed. */
    private final Map<Long, Long> connectionIds = new HashMap<>();
    /**
     * The most recently closed connections, so a FlowCompleted submitted just after its ConnectionClosed (a flow
     * failing because the connection went away) still finds its connection.
     */
    private final Map<Long, Long> recentlyClosed = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENTLY_CLOSED;
        }
    };
    /** The last flow written per connection key, so WebSocket messages find their upgrade flow. */
    private final Map<Long, Long> lastFlowOf = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENTLY_CLOSED * 4;
        }
    };
    private final PreparedStatement insertOpened;
    private final PreparedStatement updateClosed;
    private final PreparedStatement insertClosed;
    private final PreparedStatement insertFlow;
    private final PreparedStatement insertBody;
    private final PreparedStatement insertWs;
    private final PreparedStatement insertDns;
    private final PreparedStatement insertLoss;
    private final RingRowWriter ring;

    private long lastConnectionId;
    private long lastFlowId;
    private long lastBodyId;
    /** Flows and bodies added to {@link #insertFlow}'s and {@link #insertBody}'s batches and not run yet. */
    private int pendingFlows;
    private int pendingBodies;

    /**
     * @param redactor     null when the session stores secrets as they are
     * @param fingerprints fingerprints tokens for the token and FCM tables (always: they never hold raw tokens)
     */
    BatchWriter(Connection c, long sessionId, Redactor redactor, Redactor fingerprints, LossCounter losses,
                Clock clock) throws SQLException {
        this.c = c;
        this.sessionId = sessionId;
        this.redactor = redactor;
        this.losses = losses;
        this.clock = clock;
        insertOpened = c.prepareStatement(INSERT_OPENED);
        updateClosed = c.prepareStatement(UPDATE_CLOSED);
        insertClosed = c.prepareStatement(INSERT_CLOSED);
        insertFlow = c.prepareStatement(INSERT_FLOW);
        insertBody = c.prepareStatement(INSERT_BODY);
        insertWs = c.prepareStatement(INSERT_WS);
        insertDns = c.prepareStatement(INSERT_DNS);
        insertLoss = c.prepareStatement(INSERT_LOSS);
        ring = new RingRowWriter(c, sessionId, redactor, fingerprints, losses);
    }

    /**
     * Writes the events (and, when asked, the losses counted so far) in one transaction. On failure nothing is
     * written, the connection map is as before, and the taken losses are put back.
     *
     * @return the flows and Ring rows written, in order, for the listeners
     */
    Written write(List<CaptureEvent> events, boolean withLosses) throws SQLException {
        List<Runnable> undo = new ArrayList<>();
        List<LossCounter.Pending> taken = withLosses ? losses.take() : List.of();
        List<RecordedFlow> flows = new ArrayList<>();
        List<RingRow> ringRows = new ArrayList<>();
        int[] withheld = {0};
        try {
            Db.immediate(c, () -> {
                lastConnectionId = Db.queryLong(c, "SELECT coalesce(max(id), 0) FROM connections");
                lastFlowId = Db.queryLong(c, "SELECT coalesce(max(id), 0) FROM flows");
                lastBodyId = Db.queryLong(c, "SELECT coalesce(max(id), 0) FROM bodies");
                ring.begin();
                for (CaptureEvent event : events) {
                    if (event instanceof WsMessage || event instanceof PushReceived
                            || event instanceof PushChannelNoted) {
                        runPending();   // rows that may refer to the flows before them
                    }
                    if (event instanceof ConnectionOpened opened) {
                        opened(opened, undo);
                    } else if (event instanceof ConnectionClosed closed) {
                        closed(closed, undo);
                    } else if (event instanceof WsMessage message) {
                        wsMessage(message);
                    } else if (event instanceof DnsQueried query) {
                        dnsQuery(query);
                    } else if (event instanceof FlowCompleted flow) {
                        StoredFlow stored = StoredFlow.of(flow, redactor);
                        long flowId = flow(stored);
                        flows.add(new RecordedFlow(flowId, stored.flow()));
                        withheld[0] += stored.withheldBodies();
                        if (RingRecognizers.mayMatter(flow)) {
                            runPending();   // Ring rows refer to the flow
                        }
                        ringRows.addAll(ring.flow(flow, flowId, connectionIdOf(flow.connectionKey())));
                    } else if (event instanceof PushReceived push) {
                        ringRows.add(ring.push(push, connectionIdOf(push.connectionKey())));
                    } else if (event instanceof PushChannelNoted note) {
                        ringRows.add(ring.channel(note, connectionIdOf(note.connectionKey())));
                    }
                }
                runPending();
                for (LossCounter.Pending loss : taken) {
                    loss(loss);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            dropPending();
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            losses.putBack(taken);
            ring.reset();
            throw e;
        }
        if (withheld[0] > 0) {
            losses.add(LossKind.BODY_WITHHELD_POSSIBLE_SECRET, withheld[0]);
        }
        return new Written(flows, ringRows);
    }

    /** Runs the batched bodies, then the batched flows (a flow refers to its bodies at once). */
    private void runPending() throws SQLException {
        if (pendingBodies > 0) {
            pendingBodies = 0;
            insertBody.executeBatch();
        }
        if (pendingFlows > 0) {
            pendingFlows = 0;
            insertFlow.executeBatch();
        }
    }

    private void dropPending() {
        pendingBodies = 0;
        pendingFlows = 0;
        try {
            insertBody.clearBatch();
            insertFlow.clearBatch();
        } catch (SQLException e) {
            // the transaction is rolled back anyway; nothing of it is kept
        }
    }

    private void opened(ConnectionOpened o, List<Runnable> undo) throws SQLException {
        long id = ++lastConnectionId;
        PreparedStatement ps = insertOpened;
        ps.setLong(1, id);
        ps.setLong(2, sessionId);
        ps.setString(3, o.clientAddress());
        Columns.setPositiveOrNull(ps, 4, o.clientPort());
        ps.setString(5, o.mode());
        ps.setString(6, o.listenAddress());
        ps.setLong(7, o.atMicros());
        ps.executeUpdate();
        Long previous = connectionIds.put(o.connectionKey(), id);
        undo.add(() -> restore(o.connectionKey(), previous));
    }

    private void closed(ConnectionClosed e, List<Runnable> undo) throws SQLException {
        Long id = connectionIds.remove(e.connectionKey());
        PreparedStatement ps;
        if (id != null) {
            recentlyClosed.put(e.connectionKey(), id);
            undo.add(() -> {
                connectionIds.put(e.connectionKey(), id);
                recentlyClosed.remove(e.connectionKey());
            });
            ps = updateClosed;
            ps.setLong(CLOSED_COUNT + 1, id);
        } else {
            // Its ConnectionOpened was lost (queue full) or came before this writer: keep what we know.
            ps = insertClosed;
            ps.setLong(CLOSED_COUNT + 1, ++lastConnectionId);
            ps.setLong(CLOSED_COUNT + 2, sessionId);
        }
        ps.setLong(1, e.atMicros());
        ps.setString(2, e.outcome() == null ? null : e.outcome().column());
        ps.setString(3, e.reason());
        ps.setString(4, e.targetHost());
        Columns.setPositiveOrNull(ps, 5, e.targetPort());
        ps.setString(6, e.upstreamAddress());
        ps.setString(7, e.sni());
        ps.setString(8, e.alpn());
        ps.setString(9, e.tlsVersion());
        ps.setString(10, e.cipherSuite());
        ps.setString(11, e.protocol());
        ps.setLong(12, e.bytesFromClient());
        ps.setLong(13, e.bytesToClient());
        ps.setLong(14, e.bytesFromUpstream());
        ps.setLong(15, e.bytesToUpstream());
        setBlobOrNull(ps, 16, e.raw().clientHead());
        setBlobOrNull(ps, 17, e.raw().upstreamHead());
        setBlobOrNull(ps, 18, e.raw().clientTail());
        setBlobOrNull(ps, 19, e.raw().upstreamTail());
        ps.executeUpdate();
    }

    private void wsMessage(WsMessage m) throws SQLException {
        RedactedBody kept = redactor == null || m.opcode() != 1
                ? RedactedBody.unchanged(m.payload(), null)
                : redactor.body(m.payload(), m.truncated(), null, null);
        PreparedStatement ps = insertWs;
        ps.setLong(1, sessionId);
        Columns.setLongOrNull(ps, 2, lastFlowOf.get(m.connectionKey()));
        Columns.setLongOrNull(ps, 3, connectionIdOf(m.connectionKey()));
        ps.setLong(4, m.atMicros());
        ps.setString(5, m.fromClient() ? "client" : "server");
        ps.setInt(6, m.opcode());
        ps.setLong(7, m.length());
        ps.setInt(8, m.compressed() ? 1 : 0);
        ps.setInt(9, m.truncated() || kept.withheld() ? 1 : 0);
        ps.setInt(10, kept.redactions());
        ps.setBytes(11, kept.data());
        ps.executeUpdate();
    }

    private void dnsQuery(DnsQueried q) throws SQLException {
        PreparedStatement ps = insertDns;
        ps.setLong(1, sessionId);
        ps.setLong(2, q.atMicros());
        ps.setString(3, q.clientAddress());
        Columns.setPositiveOrNull(ps, 4, q.clientPort());
        ps.setString(5, q.transport());
        Columns.setLongOrNull(ps, 6, q.queryId() < 0 ? null : (long) q.queryId());
        ps.setString(7, q.name());
        ps.setString(8, q.type());
        ps.setString(9, q.outcome());
        ps.setString(10, q.rcode());
        ps.setString(11, Json.list(q.answers()));
        Columns.setPositiveOrNull(ps, 12, q.latencyMicros());
        ps.setString(13, q.error());
        ps.executeUpdate();
    }

    private Long connectionIdOf(long key) {
        Long id = connectionIds.get(key);
        return id != null ? id : recentlyClosed.get(key);
    }

    /** Adds the flow's bodies and its row to the batches ({@link #runPending}); returns the flow id. */
    private long flow(StoredFlow stored) throws SQLException {
        FlowCompleted f = stored.flow();
        long flowId = ++lastFlowId;
        Long requestBodyId = stored.request() == null ? null : ++lastBodyId;
        Long responseBodyId = stored.response() == null ? null : ++lastBodyId;
        // Bodies first: flows.*_body_id is checked at once, bodies.flow_id (deferred) at commit.
        if (requestBodyId != null) {
            body(requestBodyId, flowId, stored.request());
        }
        if (responseBodyId != null) {
            body(responseBodyId, flowId, stored.response());
        }
        PreparedStatement ps = insertFlow;
        ps.setLong(1, flowId);
        ps.setLong(2, sessionId);
        Columns.setLongOrNull(ps, 3, connectionIdOf(f.connectionKey()));
        ps.setLong(4, f.startedMicros());
        ps.setString(5, f.clientAddress());
        Columns.setPositiveOrNull(ps, 6, f.clientPort());
        ps.setString(7, f.scheme());
        ps.setString(8, f.method());
        ps.setString(9, f.host());
        Columns.setPositiveOrNull(ps, 10, f.port());
        ps.setString(11, f.target());
        ps.setString(12, f.path());
        ps.setString(13, f.query());
        ps.setString(14, f.httpVersion());
        ps.setString(15, Json.headers(f.requestHeaders()));
        Columns.setPositiveOrNull(ps, 16, f.status());
        ps.setString(17, f.reason());
        ps.setString(18, f.responseVersion());
        ps.setString(19, Json.headers(f.responseHeaders()));
        Columns.setLongOrNull(ps, 20, requestBodyId);
        Columns.setLongOrNull(ps, 21, responseBodyId);
        ps.setLong(22, f.requestBody().originalLength());
        ps.setLong(23, f.responseBody().originalLength());
        Columns.setPositiveOrNull(ps, 24, f.requestDoneMicros());
        Columns.setPositiveOrNull(ps, 25, f.responseStartMicros());
        Columns.setPositiveOrNull(ps, 26, f.responseDoneMicros());
        boolean ended = f.requestDoneMicros() > 0 || f.responseStartMicros() > 0 || f.responseDoneMicros() > 0;
        Columns.setLongOrNull(ps, 27, ended ? f.durationMicros() : null);
        ps.setString(28, f.error());
        ps.addBatch();
        pendingFlows++;
        lastFlowOf.put(f.connectionKey(), flowId);
        return flowId;
    }

    private void body(long id, long flowId, StoredFlow.Part part) throws SQLException {
        PreparedStatement ps = insertBody;
        ps.setLong(1, id);
        ps.setLong(2, flowId);
        ps.setString(3, part.direction());
        ps.setString(4, part.kept().contentEncoding());
        ps.setString(5, part.kept().decodedFrom());
        ps.setString(6, part.contentType());
        ps.setLong(7, part.wire().originalLength());
        ps.setLong(8, part.kept().data().length);
        ps.setInt(9, part.truncated() ? 1 : 0);
        ps.setInt(10, part.kept().withheld() ? 1 : 0);
        setBlobOrNull(ps, 11, part.sha256());
        ps.setInt(12, part.kept().redactions());
        ps.setBytes(13, part.kept().data());
        ps.addBatch();
        pendingBodies++;
    }

    private void loss(LossCounter.Pending loss) throws SQLException {
        PreparedStatement ps = insertLoss;
        ps.setLong(1, sessionId);
        ps.setLong(2, Db.micros(clock));
        ps.setString(3, loss.kind().column());
        ps.setLong(4, loss.count());
        ps.setString(5, loss.detail());
        ps.executeUpdate();
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private void restore(long key, Long previous) {
        if (previous == null) {
            connectionIds.remove(key);
        } else {
            connectionIds.put(key, previous);
        }
    }

    private static void setBlobOrNull(PreparedStatement ps, int index, byte[] value) throws SQLException {
        if (value == null || value.length == 0) {
            ps.setNull(index, java.sql.Types.BLOB);
        } else {
            ps.setBytes(index, value);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : List.of(insertOpened, updateClosed, insertClosed, insertFlow, insertBody,
                insertWs, insertDns, insertLoss)) {
            Db.closeQuietly(ps);
        }
        ring.close();
    }
}
