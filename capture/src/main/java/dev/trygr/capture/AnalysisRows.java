package dev.trygr.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

import static dev.trygr.capture.Columns.boxedInt;
import static dev.trygr.capture.Columns.boxedLong;

/**
 * The streaming queries behind the analyzer's passes over a capture ({@link CaptureReader#forEachFlowHead},
 * {@link CaptureReader#forEachConnection}, {@link CaptureReader#forEachBodyWithSecrets}, …): each reads one row at
 * a time, in id order, so memory stays bounded whatever the capture's size.
 */
final class AnalysisRows {
    private static final String FLOW_HEAD = """
            SELECT id, session_id, connection_id, started, scheme, method, host, port, target, path, query, status,
                   request_bytes, response_bytes, duration_us, error, client_address, client_port,
                   http_version, request_headers, request_body_id, response_body_id
            FROM flows WHERE ?1 IS NULL OR session_id = ?1 ORDER BY id""";
    /** Flows with their request body joined in: what is sent, in one pass, without a lookup per flow. */
    private static final String FLOW_REQUESTS = """
            SELECT f.id, f.session_id, f.connection_id, f.started, f.scheme, f.method, f.host, f.port, f.target,
                   f.path, f.query, f.status, f.request_bytes, f.response_bytes, f.duration_us, f.error,
                   f.client_address, f.client_port, f.http_version, f.request_headers,
                   b.id, b.direction, b.content_encoding, b.decoded_from, b.content_type, b.original_length,
                   b.stored_length, b.truncated, b.withheld, b.sha256, b.redactions, b.data
            FROM flows f LEFT JOIN bodies b ON b.id = f.request_body_id
            WHERE ?1 IS NULL OR f.session_id = ?1 ORDER BY f.id""";
    private static final String CONNECTIONS = """
            SELECT id, session_id, client_address, client_port, mode, listen_address, opened, closed,
                   outcome, reason, target_host, target_port, upstream_address, sni, alpn, tls_version,
                   cipher_suite, protocol, bytes_from_client, bytes_to_client, bytes_from_upstream,
                   bytes_to_upstream
            FROM connections WHERE ?1 IS NULL OR session_id = ?1 ORDER BY id""";
    private static final String BODIES_WITH_SECRETS = """
            SELECT f.id, f.started, f.host, b.id, b.direction, b.content_encoding, b.decoded_from, b.content_type,
                   b.original_length, b.stored_length, b.truncated, b.withheld, b.sha256, b.redactions, b.data
            FROM bodies b JOIN flows f ON f.id = b.flow_id
            WHERE b.redactions > 0 AND (?1 IS NULL OR f.session_id = ?1) ORDER BY b.id""";
    private static final String SPAN = """
            SELECT count(*), min(started), max(started) FROM flows WHERE ?1 IS NULL OR session_id = ?1""";

    private AnalysisRows() {
    }

    static void flowHeads(Connection c, Long sessionId, Consumer<FlowHead> action) throws SQLException {
        Db.forEachRow(c, FLOW_HEAD, sessionId, rs -> {
            Integer port = boxedInt(rs, 8);
            Integer status = boxedInt(rs, 12);
            FlowSummary summary = new FlowSummary(rs.getLong(1), rs.getLong(2), boxedLong(rs, 3), rs.getLong(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), port == null ? 0 : port, rs.getString(9),
                    rs.getString(10), rs.getString(11), status == null ? 0 : status, rs.getLong(13), rs.getLong(14),
                    boxedLong(rs, 15), rs.getString(16), rs.getString(17), boxedInt(rs, 18));
            return new FlowHead(summary, rs.getString(19), Json.parseHeaders(rs.getString(20)), boxedLong(rs, 21),
                    boxedLong(rs, 22));
        }, action);
    }

    /** Flows as sent: summary, request headers and request body; the response side is left empty. */
    static void flowRequests(Connection c, Long sessionId, Consumer<FlowDetail> action) throws SQLException {
        Db.forEachRow(c, FLOW_REQUESTS, sessionId, rs -> {
            Integer port = boxedInt(rs, 8);
            Integer status = boxedInt(rs, 12);
            FlowSummary summary = new FlowSummary(rs.getLong(1), rs.getLong(2), boxedLong(rs, 3), rs.getLong(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), port == null ? 0 : port, rs.getString(9),
                    rs.getString(10), rs.getString(11), status == null ? 0 : status, rs.getLong(13), rs.getLong(14),
                    boxedLong(rs, 15), rs.getString(16), rs.getString(17), boxedInt(rs, 18));
            Long bodyId = boxedLong(rs, 21);
            StoredBody body = null;
            if (bodyId != null) {
                byte[] data = rs.getBytes(32);
                body = new StoredBody(bodyId, rs.getString(22), rs.getString(23), rs.getString(24),
                        rs.getString(25), rs.getLong(26), rs.getLong(27), rs.getInt(28) != 0, rs.getInt(29) != 0,
                        rs.getBytes(30), rs.getInt(31), data == null ? new byte[0] : data);
            }
            return new FlowDetail(summary, rs.getString(19), Json.parseHeaders(rs.getString(20)), null, null,
                    java.util.List.of(), body, null, null, null, null);
        }, action);
    }

    /** Connections without their raw stream ends (those four columns read as null). */
    static void connections(Connection c, Long sessionId, Consumer<ConnectionRow> action) throws SQLException {
        Db.forEachRow(c, CONNECTIONS, sessionId, rs -> new ConnectionRow(rs.getLong(1), rs.getLong(2),
                rs.getString(3), boxedInt(rs, 4), rs.getString(5), rs.getString(6), boxedLong(rs, 7),
                boxedLong(rs, 8), CaptureReader.outcome(rs.getString(9)), rs.getString(10), rs.getString(11),
                boxedInt(rs, 12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getString(18), rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(22),
                null, null, null, null), action);
    }

    static void bodiesWithSecrets(Connection c, Long sessionId, Consumer<FlowBody> action) throws SQLException {
        Db.forEachRow(c, BODIES_WITH_SECRETS, sessionId, rs -> {
            byte[] data = rs.getBytes(15);
            StoredBody body = new StoredBody(rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getInt(11) != 0, rs.getInt(12) != 0,
                    rs.getBytes(13), rs.getInt(14), data == null ? new byte[0] : data);
            return new FlowBody(rs.getLong(1), rs.getLong(2), rs.getString(3), body);
        }, action);
    }

    static FlowSpan span(Connection c, Long sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SPAN)) {
            Columns.setLongOrNull(ps, 1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FlowSpan(rs.getLong(1), boxedLong(rs, 2), boxedLong(rs, 3));
            }
        }
    }
}
