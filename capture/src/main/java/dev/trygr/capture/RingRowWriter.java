package dev.trygr.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.PushChannelNoted;
import dev.trygr.capture.CaptureEvent.PushReceived;
import dev.trygr.capture.ring.ClientId;
import dev.trygr.capture.ring.Grant;
import dev.trygr.capture.ring.GrantOutcome;
import dev.trygr.capture.ring.RingEvent;
import dev.trygr.capture.ring.RingObserver;
import dev.trygr.capture.ring.RingRecognizers;
import dev.trygr.capture.ring.TokenLedger;
import dev.trygr.capture.secrets.Redactor;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The writer thread's Ring/FCM side: runs the recognizers and the token ledger on each raw flow and inserts their
 * rows into {@code token_events} and {@code fcm_events}; stores push messages and push-channel notes. Runs inside
 * {@link BatchWriter}'s transaction. The ledger is seeded from the capture's stored rows before its first use, and
 * re-seeded after a failed transaction (the rows it had seen were rolled back). Not thread-safe.
 */
final class RingRowWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RingRowWriter.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_KIND = 64;

    private final Connection c;
    private final long sessionId;
    private final Redactor redactor;
    private final Redactor fingerprints;
    private final LossCounter losses;
    private final Table tokens;
    private final Table fcm;
    private final Table pushes;
    private RingObserver observer;
    private boolean seeded;

    /**
     * @param redactor     redacts secrets in stored push {@code app_data}; null when the session stores secrets
     * @param fingerprints fingerprints tokens for the token and FCM tables, whatever the session stores
     */
    RingRowWriter(Connection c, long sessionId, Redactor redactor, Redactor fingerprints, LossCounter losses)
            throws SQLException {
        this.c = c;
        this.sessionId = sessionId;
        this.redactor = redactor;
        this.fingerprints = fingerprints;
        this.losses = losses;
        this.observer = new RingObserver(fingerprints::fingerprint);
        tokens = new Table("token_events", RingRowReader.TOKEN_COLUMNS);
        fcm = new Table("fcm_events", RingRowReader.FCM_COLUMNS);
        pushes = new Table("push_messages", RingRowReader.PUSH_COLUMNS);
    }

    /** Called at the start of each transaction: row ids are read again under the write lock. */
    void begin() {
        for (Table t : List.of(tokens, fcm, pushes)) {
            t.lastId = -1;
        }
    }

    /** Called after a transaction failed: the ledger forgets what was rolled back and re-reads the capture. */
    void reset() {
        observer = new RingObserver(fingerprints::fingerprint);
        seeded = false;
    }

    /** Recognizes one raw flow (already inserted as {@code flowId}) and inserts its rows. */
    List<RingRow> flow(FlowCompleted raw, long flowId, Long connectionId) throws SQLException {
        if (!RingRecognizers.mayMatter(raw)) {
            return List.of();
        }
        seed();
        List<RingEvent> events;
        try {
            events = observer.observe(raw);
        } catch (RuntimeException e) {
            // Not e.getMessage(): a parser's message may quote the body it choked on, secrets included.
            LOG.log(Level.WARNING, "Ring/FCM recognizer failed on flow " + flowId + " (" + raw.host() + " "
                    + raw.path() + "): " + e.getClass().getName());
            losses.add(LossKind.RECOGNIZER_FAILED, 1);
            reset(); // the ledger may be half-updated: start again from what is stored
            return List.of();
        }
        List<RingRow> rows = new ArrayList<>(events.size());
        for (RingEvent event : events) {
            RingRow row = RingRows.of(event, sessionId, flowId, connectionId);
            if (row instanceof TokenEventRow t) {
                rows.add(insert(t));
            } else if (row instanceof FcmEventRow f) {
                rows.add(insert(f));
            }
        }
        return rows;
    }

    PushMessageRow push(PushReceived p, Long connectionId) throws SQLException {
        PushMessageRow row = new PushMessageRow(pushes.nextId(), sessionId, connectionId, p.atMicros(),
                p.persistentId(), p.from(), p.category(), appData(p.appData()), p.rawData(), null, null);
        PreparedStatement ps = pushes.insert;
        ps.setLong(1, row.id());
        ps.setLong(2, sessionId);
        Columns.setLongOrNull(ps, 3, connectionId);
        ps.setLong(4, row.at());
        ps.setString(5, row.persistentId());
        ps.setString(6, row.sender());
        ps.setString(7, row.category());
        ps.setString(8, Json.headers(row.appData()));
        ps.setBytes(9, row.rawData());
        ps.setString(10, null);
        Columns.setLongOrNull(ps, 11, null);
        ps.executeUpdate();
        return row;
    }

    FcmEventRow channel(PushChannelNoted n, Long connectionId) throws SQLException {
        String kind = n.kind() == null || n.kind().isBlank() ? "mcs_note" : n.kind().strip();
        kind = kind.length() > MAX_KIND ? kind.substring(0, MAX_KIND) : kind;
        String secret = n.secret() == null || n.secret().isEmpty() ? null : fingerprints.fingerprint(n.secret());
        return insert(new FcmEventRow(0, sessionId, null, connectionId, n.atMicros(), kind, null, null, null, null,
                null, null, n.androidId(), null, null, null, null, null, null, null, null, null, null, null, secret,
                null, null, null, detail(n.detail())));
    }

    private TokenEventRow insert(TokenEventRow draft) throws SQLException {
        TokenEventRow r = draft.withId(tokens.nextId());
        PreparedStatement ps = tokens.insert;
        bindEventHead(ps, r.id(), r.sessionId(), r.flowId(), r.connectionId(), r.at(), r.kind());
        ps.setString(7, r.hardwareId());
        ps.setString(8, r.clientAddress());
        ps.setString(9, r.userAgent());
        ps.setString(10, r.grant());
        ps.setString(11, r.outcome());
        Columns.setLongOrNull(ps, 12, r.status() == null ? null : r.status().longValue());
        ps.setString(13, r.presented());
        ps.setString(14, r.presentedOutcome());
        ps.setString(15, r.parent());
        ps.setString(16, r.supersededBy());
        ps.setString(17, r.issuedAccess());
        ps.setString(18, r.issuedRefresh());
        Columns.setLongOrNull(ps, 19, r.expiresIn());
        Columns.setLongOrNull(ps, 20, r.expiresAt());
        ps.setString(21, r.sessionClaim());
        ps.setString(22, r.claims());
        Columns.setLongOrNull(ps, 23, r.lateMicros());
        ps.setString(24, r.message());
        ps.setString(25, r.detail());
        ps.executeUpdate();
        return r;
    }

    private FcmEventRow insert(FcmEventRow draft) throws SQLException {
        FcmEventRow r = draft.withId(fcm.nextId());
        PreparedStatement ps = fcm.insert;
        bindEventHead(ps, r.id(), r.sessionId(), r.flowId(), r.connectionId(), r.at(), r.kind());
        ps.setString(7, r.outcome());
        Columns.setLongOrNull(ps, 8, r.status() == null ? null : r.status().longValue());
        String[] texts = {r.error(), r.hardwareId(), r.clientAddress(), r.userAgent(), r.androidId(), r.app(),
            r.subtype(), r.sender(), r.projectId(), r.fid(), r.endpoint(), r.p256dh(), r.gcmToken(), r.fcmToken(),
            r.fisAuth(), r.fisRefresh(), r.securityToken(), r.webAuth()};
        for (int i = 0; i < texts.length; i++) {
            ps.setString(9 + i, texts[i]);
        }
        Columns.setLongOrNull(ps, 27, r.expiresIn());
        ps.setString(28, r.message());
        ps.setString(29, r.detail());
        ps.executeUpdate();
        return r;
    }

    /** Binds the columns {@code token_events} and {@code fcm_events} both start with. */
    private static void bindEventHead(PreparedStatement ps, long id, long sessionId, Long flowId, Long connectionId,
            long at, String kind) throws SQLException {
        ps.setLong(1, id);
        ps.setLong(2, sessionId);
        Columns.setLongOrNull(ps, 3, flowId);
        Columns.setLongOrNull(ps, 4, connectionId);
        ps.setLong(5, at);
        ps.setString(6, kind);
    }

    /** Feeds the capture's stored rows (every session) to a fresh ledger, once. */
    private void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        TokenLedger ledger = observer.ledger();
        try {
            RingRowReader.tokenEvents(c, null, row -> replay(ledger, row));
            RingRowReader.fcmEvents(c, null, row -> replay(ledger, row));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the capture's earlier token events; lineage starts afresh: "
                    + e.getClass().getName());
        }
    }

    static void replay(TokenLedger ledger, TokenEventRow r) {
        ClientId client = new ClientId(r.hardwareId(), r.clientAddress(), r.userAgent());
        switch (r.kind()) {
            case "grant":
                ledger.replayGrant(r.at(), client, Grant.fromColumn(r.grant()), GrantOutcome.fromColumn(r.outcome()),
                        r.presented(), r.issuedAccess(), r.expiresAt(), r.issuedRefresh());
                break;
            case "access_token_used":
            case "access_token_expired_use":
                if (r.presented() != null) {
                    ledger.replayAccessUse(client, r.presented(), r.expiresAt(),
                            r.kind().equals("access_token_expired_use"));
                }
                break;
            default:
                ledger.replayClient(client);
        }
    }

    static void replay(TokenLedger ledger, FcmEventRow r) {
        ClientId client = new ClientId(r.hardwareId(), r.clientAddress(), r.userAgent());
        boolean success = "fcm_register".equals(r.kind()) ? "ok".equals(r.outcome())
                : "ring_push_token".equals(r.kind()) && r.status() != null && r.status() / 100 == 2;
        if (r.fcmToken() != null && (success || "fcm_reregistered".equals(r.kind()))) {
            ledger.replayPushToken(r.at(), client, r.fcmToken(), "fcm_reregistered".equals(r.kind()));
        } else {
            ledger.replayClient(client);
        }
    }

    /** The pairs with secret values (names in {@link Redactor#SECRET_FIELDS}) as markers, unless kept raw. */
    private List<Header> appData(List<Header> pairs) {
        if (redactor == null) {
            return pairs;
        }
        List<Header> out = new ArrayList<>(pairs.size());
        for (Header h : pairs) {
            String kind = h.name().toLowerCase(Locale.ROOT);
            boolean secret = Redactor.SECRET_FIELDS.contains(kind) && !h.value().isEmpty()
                    && !Redactor.isMarker(h.value());
            out.add(secret ? new Header(h.name(), redactor.marker(kind, h.value())) : h);
        }
        return out;
    }

    /** A JSON object as given, or {@code {"note": text}} for anything else; null for none. */
    private static String detail(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = MAPPER.readTree(trimmed);
                if (node != null && node.isObject()) {
                    return node.toString();
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // stored as a note below
            }
        }
        return MAPPER.createObjectNode().put("note", text).toString();
    }

    @Override
    public void close() {
        for (Table t : List.of(tokens, fcm, pushes)) {
            Db.closeQuietly(t.insert);
        }
    }

    /**
     * One table's insert statement (every column bound) and the last row id handed out in this transaction; -1 until
     * the first insert reads the table's largest id.
     */
    private final class Table {
        private final String name;
        private final PreparedStatement insert;
        private long lastId = -1;

        Table(String name, String columns) throws SQLException {
            this.name = name;
            this.insert = c.prepareStatement("INSERT INTO " + name + " (" + columns + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.split(",").length, "?")) + ")");
        }

        long nextId() throws SQLException {
            if (lastId < 0) {
                lastId = Db.queryLong(c, "SELECT coalesce(max(id), 0) FROM " + name);
            }
            return ++lastId;
        }
    }
}
