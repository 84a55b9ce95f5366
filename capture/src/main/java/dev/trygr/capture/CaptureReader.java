package dev.trygr.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.trygr.capture.Columns.boxedInt;
import static dev.trygr.capture.Columns.boxedLong;
import static dev.trygr.capture.Columns.setLongOrNull;

/**
 * Read-only queries over a capture, on a read-only connection of its own. Rows come back as records; listings
 * can be streamed ({@link #forEachFlow}) so memory stays bounded whatever the capture's size. Thread-safe
 * (calls are serialised).
 */
public final class CaptureReader implements AutoCloseable {
    private static final String FLOW_SUMMARY_COLUMNS = """
            id, session_id, connection_id, started, scheme, method, host, port, target, path, query, status,
            request_bytes, response_bytes, duration_us, error, client_address, client_port""";
    private static final String BODY_COLUMNS = """
            id, direction, content_encoding, decoded_from, content_type, original_length, stored_length,
            truncated, withheld, sha256, redactions, data""";
    private static final String DNS_QUERIES = """
            SELECT id, session_id, at, client_address, client_port, transport, query_id, name, type,
                   outcome, rcode, answers, latency_us, error
            FROM dns_queries WHERE ?1 IS NULL OR session_id = ?1 ORDER BY at, id""";

    private final Path file;
    private final Connection c;
    /** {@link #flow(long)}'s statements, prepared on first use (preparing costs more than the lookup). */
    private PreparedStatement flowById;
    private PreparedStatement bodyById;

    private CaptureReader(Path file, Connection c) {
        this.file = file;
        this.c = c;
    }

    /**
     * Opens an existing capture read-only, without creating anything.
     * A capture written by an older trygr is upgraded in place first (the migrations only add), so every
     * reader sees the current schema.
     *
     * @throws CaptureTooNewException when a newer trygr wrote it
     * @throws CaptureException       when it is missing or not a capture
     */
    public static CaptureReader open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new CaptureException("no capture at " + file);
        }
        CaptureFile.checkLooksLikeSqlite(file);
        Connection c = null;
        try {
            c = Db.open(file, true);
            int version = Migrations.check(c, file);
            if (version == 0) {
                throw new CaptureException(file + " is empty, not a trygr capture");
            }
            if (version < Migrations.latest()) {
                Db.closeQuietly(c);
                c = null;
                Capture.open(file).close(); // migrates, under the write lock
                c = Db.open(file, true);
            }
            return new CaptureReader(file, c);
        } catch (SQLException e) {
            Db.closeQuietly(c);
            throw Db.failure(file, "reading", e);
        } catch (RuntimeException e) {
            Db.closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The schema version ({@code PRAGMA user_version}). */
    public synchronized int schemaVersion() {
        return query(() -> Migrations.userVersion(c));
    }

    /** The capture's HMAC key, for a {@code Redactor} whose markers match the stored ones. */
    public synchronized byte[] secretKey() {
        return query(() -> {
            byte[] key = Capture.readSecretKey(c);
            if (key == null) {
                throw new CaptureException(file + " has no secret key (damaged capture?)");
            }
            return key;
        });
    }

    public synchronized List<SessionRow> sessions() {
        return query(() -> {
            List<SessionRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, version, started, ended, modes, ca_fingerprint, upstream_insecure, store_secrets,
                           max_body, options, hostname, pid
                    FROM sessions ORDER BY id""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SessionRow(rs.getLong(1), rs.getString(2), rs.getLong(3), boxedLong(rs, 4),
                            Json.parseList(rs.getString(5)), rs.getString(6), rs.getInt(7) != 0,
                            rs.getInt(8) != 0, rs.getLong(9), rs.getString(10), rs.getString(11),
                            boxedLong(rs, 12)));
                }
            }
            return out;
        });
    }

    /** The flows matching the query, in id order, collected into a list. */
    public List<FlowSummary> flows(FlowQuery q) {
        List<FlowSummary> out = new ArrayList<>();
        forEachFlow(q, out::add);
        return out;
    }

    /** Streams the flows matching the query, in id order, without holding them all. */
    public synchronized void forEachFlow(FlowQuery q, Consumer<FlowSummary> action) {
        String sql = "SELECT " + FLOW_SUMMARY_COLUMNS + " FROM flows"
                + " WHERE (?1 IS NULL OR host LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR session_id = ?2) AND id > ?3"
                + " ORDER BY id LIMIT ?4";
        query(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, q.hostGlob() == null ? null : HostGlob.toLike(q.hostGlob()));
                setLongOrNull(ps, 2, q.sessionId());
                ps.setLong(3, q.afterId());
                ps.setLong(4, q.limit() == 0 ? -1 : q.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(summary(rs));
                    }
                }
            }
            return null;
        });
    }

    /** Everything about one flow: headers in order, bodies with their bytes. */
    public synchronized Optional<FlowDetail> flow(long id) {
        return query(() -> {
            if (flowById == null) {   // prepared once: callers read flows one by one, often all of them
                flowById = c.prepareStatement("SELECT " + FLOW_SUMMARY_COLUMNS + """
                        , http_version, request_headers, reason, response_version,
                          response_headers, request_body_id, response_body_id, request_done, response_start,
                          response_done
                        FROM flows WHERE id = ?""");
            }
            flowById.setLong(1, id);
            try (ResultSet rs = flowById.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                FlowSummary summary = summary(rs);
                return Optional.of(new FlowDetail(summary, rs.getString(19), Json.parseHeaders(rs.getString(20)), rs.getString(21),
                        rs.getString(22), Json.parseHeaders(rs.getString(23)), body(boxedLong(rs, 24)),
                        body(boxedLong(rs, 25)), boxedLong(rs, 26), boxedLong(rs, 27), boxedLong(rs, 28)));
            }
        });
    }

    /** All connections, in id order. */
    public List<ConnectionRow> connections() {
        return connections(null);
    }

    /** The connections of one session (all sessions when null), in id order. */
    public synchronized List<ConnectionRow> connections(Long sessionId) {
        return query(() -> list("""
                SELECT id, session_id, client_address, client_port, mode, listen_address, opened, closed,
                       outcome, reason, target_host, target_port, upstream_address, sni, alpn, tls_version,
                       cipher_suite, protocol, bytes_from_client, bytes_to_client, bytes_from_upstream,
                       bytes_to_upstream, raw_client_head, raw_upstream_head, raw_client_tail,
                       raw_upstream_tail
                FROM connections WHERE ?1 IS NULL OR session_id = ?1 ORDER BY id""", sessionId,
                rs -> new ConnectionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), boxedInt(rs, 4),
                        rs.getString(5), rs.getString(6), boxedLong(rs, 7), boxedLong(rs, 8),
                        outcome(rs.getString(9)), rs.getString(10), rs.getString(11), boxedInt(rs, 12),
                        rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                        rs.getString(17), rs.getString(18), rs.getLong(19), rs.getLong(20),
                        rs.getLong(21), rs.getLong(22), rs.getBytes(23), rs.getBytes(24), rs.getBytes(25),
                        rs.getBytes(26))));
    }

    /**
     * Streams the connections of one session (all sessions when null), in id order, without holding them all.
     * The raw stream ends ({@code raw_*} columns) are left out: those four fields are null.
     */
    public synchronized void forEachConnection(Long sessionId, Consumer<ConnectionRow> action) {
        query(() -> {
            AnalysisRows.connections(c, sessionId, action);
            return null;
        });
    }

    /**
     * Streams what each flow of one session (all sessions when null) sent, in id order: the summary, request
     * headers and request body, with the response side left empty (null body, no headers). One query for the
     * whole pass, for analyses of outgoing data. {@code action} may call other methods of this reader.
     */
    public synchronized void forEachFlowRequest(Long sessionId, Consumer<FlowDetail> action) {
        query(() -> {
            AnalysisRows.flowRequests(c, sessionId, action);
            return null;
        });
    }

    /**
     * Streams the flows of one session (all sessions when null) with their request headers but without bodies or
     * response headers, in id order: one pass for analyses that read every request's headers.
     */
    public synchronized void forEachFlowHead(Long sessionId, Consumer<FlowHead> action) {
        query(() -> {
            AnalysisRows.flowHeads(c, sessionId, action);
            return null;
        });
    }

    /** How many flows one session (all sessions when null) holds, and when the first and the last started. */
    public synchronized FlowSpan flowSpan(Long sessionId) {
        return query(() -> AnalysisRows.span(c, sessionId));
    }

    /**
     * Streams the stored bodies in which the recorder replaced at least one secret by a marker
     * ({@code bodies.redactions > 0}), with their flow's id and host, in body id order. Sessions that store secrets
     * raw have none.
     */
    public synchronized void forEachBodyWithSecrets(Long sessionId, Consumer<FlowBody> action) {
        query(() -> {
            AnalysisRows.bodiesWithSecrets(c, sessionId, action);
            return null;
        });
    }

    /** Streams the DNS queries of one session (all sessions when null), in the order they arrived. */
    public synchronized void forEachDnsQuery(Long sessionId, Consumer<DnsQueryRow> action) {
        query(() -> {
            Db.forEachRow(c, DNS_QUERIES, sessionId, CaptureReader::dnsQuery, action);
            return null;
        });
    }

    /** Streams the FCM events of one session (all sessions when null), in the order written. */
    public synchronized void forEachFcmEvent(Long sessionId, Consumer<FcmEventRow> action) {
        query(() -> {
            RingRowReader.fcmEvents(c, sessionId, action);
            return null;
        });
    }

    /** One connection by id (a flow's {@code connectionId}), without reading the others; for HAR export. */
    public synchronized Optional<ConnectionRow> connection(long id) {
        return query(() -> {
            List<ConnectionRow> rows = list("""
                    SELECT id, session_id, client_address, client_port, mode, listen_address, opened, closed,
                           outcome, reason, target_host, target_port, upstream_address, sni, alpn, tls_version,
                           cipher_suite, protocol, bytes_from_client, bytes_to_client, bytes_from_upstream,
                           bytes_to_upstream, raw_client_head, raw_upstream_head, raw_client_tail,
                           raw_upstream_tail
                    FROM connections WHERE id = ?1""", id,
                    rs -> new ConnectionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), boxedInt(rs, 4),
                            rs.getString(5), rs.getString(6), boxedLong(rs, 7), boxedLong(rs, 8),
                            outcome(rs.getString(9)), rs.getString(10), rs.getString(11), boxedInt(rs, 12),
                            rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                            rs.getString(17), rs.getString(18), rs.getLong(19), rs.getLong(20),
                            rs.getLong(21), rs.getLong(22), rs.getBytes(23), rs.getBytes(24), rs.getBytes(25),
                            rs.getBytes(26)));
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
    }

    /**
     * Streams the WebSocket messages of one upgrade flow, in the order they were seen, without holding them all
     * (a long-lived socket may carry many); for HAR export.
     */
    public synchronized void forEachWsMessage(long flowId, Consumer<WsMessageRow> action) {
        query(() -> {
            Db.forEachRow(c, """
                    SELECT id, session_id, flow_id, connection_id, at, direction, opcode, length, compressed,
                           truncated, redactions, data
                    FROM ws_messages WHERE flow_id = ?1 ORDER BY at, id""", flowId,
                    rs -> new WsMessageRow(rs.getLong(1), rs.getLong(2), boxedLong(rs, 3), boxedLong(rs, 4),
                            rs.getLong(5), "client".equals(rs.getString(6)), rs.getInt(7), rs.getLong(8),
                            rs.getInt(9) != 0, rs.getInt(10) != 0, rs.getInt(11), bytes(rs, 12)), action);
            return null;
        });
    }

    /** The WebSocket messages of one upgrade flow (all flows when null), in the order they were seen. */
    public synchronized List<WsMessageRow> wsMessages(Long flowId) {
        return query(() -> list("""
                SELECT id, session_id, flow_id, connection_id, at, direction, opcode, length, compressed,
                       truncated, redactions, data
                FROM ws_messages WHERE ?1 IS NULL OR flow_id = ?1 ORDER BY at, id""", flowId,
                rs -> new WsMessageRow(rs.getLong(1), rs.getLong(2), boxedLong(rs, 3), boxedLong(rs, 4),
                        rs.getLong(5), "client".equals(rs.getString(6)), rs.getInt(7), rs.getLong(8),
                        rs.getInt(9) != 0, rs.getInt(10) != 0, rs.getInt(11), bytes(rs, 12))));
    }

    /** The DNS queries of one session (all sessions when null), in the order they arrived. */
    public List<DnsQueryRow> dnsQueries(Long sessionId) {
        List<DnsQueryRow> out = new ArrayList<>();
        forEachDnsQuery(sessionId, out::add);
        return out;
    }

    /**
     * The token events (OAuth grants, Ring sessions, first access-token uses, lineage findings) of one session
     * (all sessions when null), in the order written.
     */
    public List<TokenEventRow> tokenEvents(Long sessionId) {
        List<TokenEventRow> out = new ArrayList<>();
        forEachTokenEvent(sessionId, out::add);
        return out;
    }

    /** Streams the token events of one session (all when null), in the order written. */
    public synchronized void forEachTokenEvent(Long sessionId, Consumer<TokenEventRow> action) {
        query(() -> {
            RingRowReader.tokenEvents(c, sessionId, action);
            return null;
        });
    }

    /**
     * The FCM events (checkin, GCM/FIS/FCM registrations, push-token calls to Ring, MCS channel notes, FCM
     * findings) of one session (all sessions when null), in the order written.
     */
    public List<FcmEventRow> fcmEvents(Long sessionId) {
        List<FcmEventRow> out = new ArrayList<>();
        forEachFcmEvent(sessionId, out::add);
        return out;
    }

    /** The push messages of one session (all sessions when null), in the order received. */
    public List<PushMessageRow> pushMessages(Long sessionId) {
        List<PushMessageRow> out = new ArrayList<>();
        forEachPushMessage(sessionId, out::add);
        return out;
    }

    /** Streams the push messages of one session (all when null), in the order received. */
    public synchronized void forEachPushMessage(Long sessionId, Consumer<PushMessageRow> action) {
        query(() -> {
            RingRowReader.pushMessages(c, sessionId, action);
            return null;
        });
    }

    /** One push message by id. */
    public synchronized Optional<PushMessageRow> pushMessage(long id) {
        return query(() -> Optional.ofNullable(RingRowReader.pushMessage(c, id)));
    }

    /** Every loss row, in the order written. */
    public synchronized List<LossRow> losses() {
        return query(() -> {
            List<LossRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, session_id, at, kind, count, detail FROM losses ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LossRow(rs.getLong(1), boxedLong(rs, 2), rs.getLong(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
            return out;
        });
    }

    @Override
    public synchronized void close() {
        Db.closeQuietly(flowById);
        Db.closeQuietly(bodyById);
        Db.closeQuietly(c);
    }

    synchronized boolean isClosed() {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true; // a connection that cannot say is no use to anyone
        }
    }

    private static DnsQueryRow dnsQuery(ResultSet rs) throws SQLException {
        return new DnsQueryRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), boxedInt(rs, 5),
                rs.getString(6), boxedInt(rs, 7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), Json.parseList(rs.getString(12)), boxedLong(rs, 13), rs.getString(14));
    }

    private StoredBody body(Long id) throws SQLException {
        if (id == null) {
            return null;
        }
        if (bodyById == null) {
            bodyById = c.prepareStatement("SELECT " + BODY_COLUMNS + " FROM bodies WHERE id = ?");
        }
        bodyById.setLong(1, id);
        try (ResultSet rs = bodyById.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new StoredBody(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getInt(8) != 0, rs.getInt(9) != 0,
                    rs.getBytes(10), rs.getInt(11), bytes(rs, 12));
        }
    }

    private static FlowSummary summary(ResultSet rs) throws SQLException {
        Integer port = boxedInt(rs, 8);
        Integer status = boxedInt(rs, 12);
        return new FlowSummary(rs.getLong(1), rs.getLong(2), boxedLong(rs, 3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), port == null ? 0 : port, rs.getString(9), rs.getString(10),
                rs.getString(11), status == null ? 0 : status, rs.getLong(13), rs.getLong(14), boxedLong(rs, 15),
                rs.getString(16), rs.getString(17), boxedInt(rs, 18));
    }

    static ConnectionOutcome outcome(String column) {
        for (ConnectionOutcome o : ConnectionOutcome.values()) {
            if (o.column().equals(column)) {
                return o;
            }
        }
        return null;
    }

    /** A BLOB column; NULL reads as no bytes. */
    private static byte[] bytes(ResultSet rs, int index) throws SQLException {
        byte[] data = rs.getBytes(index);
        return data == null ? new byte[0] : data;
    }

    /** The rows of {@code sql}, whose one parameter {@code ?1} is {@code filter} (NULL when null), in order. */
    private <T> List<T> list(String sql, Long filter, Db.RowReader<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        Db.forEachRow(c, sql, filter, row, out::add);
        return out;
    }

    private <T> T query(Db.SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw Db.failure(file, "reading", e);
        }
    }
}
