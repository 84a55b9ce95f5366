package dev.trygr.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Streams the rows of {@code token_events}, {@code fcm_events} and {@code push_messages} off a connection, in id
 * order. Used by {@link CaptureReader} and by the writer when it seeds its token ledger.
 */
final class RingRowReader {
    static final String TOKEN_COLUMNS = """
            id, session_id, flow_id, connection_id, at, kind, hardware_id, client_address, user_agent, grant,
            outcome, status, presented, presented_outcome, parent, superseded_by, issued_access, issued_refresh,
            expires_in, expires_at, session_claim, claims, late_us, message, detail""";
    static final String FCM_COLUMNS = """
            id, session_id, flow_id, connection_id, at, kind, outcome, status, error, hardware_id, client_address,
            user_agent, android_id, app, subtype, sender, project_id, fid, endpoint, p256dh, gcm_token, fcm_token,
            fis_auth, fis_refresh, security_token, web_auth, expires_in, message, detail""";
    static final String PUSH_COLUMNS = """
            id, session_id, connection_id, at, persistent_id, sender, category, app_data, raw_data, decrypted,
            decrypted_at""";

    private RingRowReader() {
    }

    /** The token events of one session (all sessions when null), in id order. */
    static void tokenEvents(Connection c, Long sessionId, Consumer<TokenEventRow> action) throws SQLException {
        Db.forEachRow(c, bySession(TOKEN_COLUMNS, "token_events"), sessionId, RingRowReader::token, action);
    }

    /** The FCM events of one session (all sessions when null), in id order. */
    static void fcmEvents(Connection c, Long sessionId, Consumer<FcmEventRow> action) throws SQLException {
        Db.forEachRow(c, bySession(FCM_COLUMNS, "fcm_events"), sessionId, RingRowReader::fcm, action);
    }

    /** The push messages of one session (all sessions when null), in id order. */
    static void pushMessages(Connection c, Long sessionId, Consumer<PushMessageRow> action) throws SQLException {
        Db.forEachRow(c, bySession(PUSH_COLUMNS, "push_messages"), sessionId, RingRowReader::push, action);
    }

    /** One push message by id, or null. */
    static PushMessageRow pushMessage(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PUSH_COLUMNS + " FROM push_messages WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? push(rs) : null;
            }
        }
    }

    private static String bySession(String columns, String table) {
        return "SELECT " + columns + " FROM " + table + " WHERE ?1 IS NULL OR session_id = ?1 ORDER BY id";
    }

    private static TokenEventRow token(ResultSet rs) throws SQLException {
        return new TokenEventRow(rs.getLong(1), rs.getLong(2), Columns.boxedLong(rs, 3), Columns.boxedLong(rs, 4),
                rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), Columns.boxedInt(rs, 12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18), Columns.boxedLong(rs, 19),
                Columns.boxedLong(rs, 20), rs.getString(21), rs.getString(22), Columns.boxedLong(rs, 23),
                rs.getString(24), rs.getString(25));
    }

    private static FcmEventRow fcm(ResultSet rs) throws SQLException {
        return new FcmEventRow(rs.getLong(1), rs.getLong(2), Columns.boxedLong(rs, 3), Columns.boxedLong(rs, 4),
                rs.getLong(5), rs.getString(6), rs.getString(7), Columns.boxedInt(rs, 8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19),
                rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23), rs.getString(24),
                rs.getString(25), rs.getString(26), Columns.boxedLong(rs, 27), rs.getString(28), rs.getString(29));
    }

    private static PushMessageRow push(ResultSet rs) throws SQLException {
        return new PushMessageRow(rs.getLong(1), rs.getLong(2), Columns.boxedLong(rs, 3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), Json.parseHeaders(rs.getString(8)), rs.getBytes(9),
                rs.getString(10), Columns.boxedLong(rs, 11));
    }
}
