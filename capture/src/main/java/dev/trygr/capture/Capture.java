package dev.trygr.capture;

import dev.trygr.capture.secrets.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One capture file ({@code capture.db}): opens or creates it, migrates its schema, and hands out the session
 * rows, the writer and readers. Several sessions (proxy runs) append to the same file.
 *
 * <pre>{@code
 * try (Capture capture = Capture.open(Path.of("capture.db"))) {
 *     long session = capture.startSession(info);
 *     try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
 *         proxy.run(writer);                 // writer.submit(event) never blocks
 *     }
 *     capture.endSession(session);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing the capture closes the writers and readers it handed out and ends any session it
 * started that was not ended yet.
 */
public final class Capture implements AutoCloseable {
    static final String HMAC_KEY = "hmac_key";
    static final String CREATED = "created";
    private static final int KEY_BYTES = 32;

    private final Path file;
    private final Clock clock;
    private final Connection control; // guarded by this: sessions and meta
    private final byte[] secretKey;
    private final List<AutoCloseable> handedOut = new CopyOnWriteArrayList<>();
    private final Set<Long> openSessions = ConcurrentHashMap.newKeySet();
    private boolean closed;

    private Capture(Path file, Clock clock, Connection control, byte[] secretKey) {
        this.file = file;
        this.clock = clock;
        this.control = control;
        this.secretKey = secretKey;
    }

    /** {@link #open(Path, Clock)} with the system clock. */
    public static Capture open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /**
     * Opens a capture, creating it (mode 0600, folders as needed) when it does not exist, and migrating its
     * schema to the newest this code knows.
     *
     * @throws CaptureTooNewException when a newer trygr wrote the file
     * @throws CaptureException       when the file is not a capture, cannot be opened, or is damaged; the
     *                                message is fit to show the user as it is
     */
    public static Capture open(Path file, Clock clock) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        CaptureFile.createPrivate(file);
        CaptureFile.checkLooksLikeSqlite(file);
        Connection c = null;
        try {
            c = Db.open(file, false);
            Migrations.check(c, file);
            Db.enableWal(c, file);
            Migrations.migrate(c, file);
            byte[] key = ensureSecretKey(c, clock);
            CaptureFile.restrictCompanions(file);
            return new Capture(file, clock, c, key);
        } catch (SQLException e) {
            Db.closeQuietly(c);
            throw Db.failure(file, "opening", e);
        } catch (RuntimeException e) {
            Db.closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The capture's HMAC key (a copy): fingerprints of secrets are HMAC-SHA256 under it. */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** A redactor keyed with this capture's key, so its markers match the stored ones. */
    public Redactor redactor() {
        return new Redactor(secretKey);
    }

    /** Records the start of a proxy run; returns the session id to pass to {@link #writer}. */
    public synchronized long startSession(SessionInfo info) {
        ensureOpen();
        String sql = """
                INSERT INTO sessions (version, started, modes, ca_fingerprint, upstream_insecure, store_secrets,
                                      max_body, options, hostname, pid)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (PreparedStatement ps = control.prepareStatement(sql)) {
            ps.setString(1, info.version());
            ps.setLong(2, Db.micros(clock));
            ps.setString(3, Json.list(info.modes()));
            ps.setString(4, info.caFingerprintSha256());
            ps.setInt(5, info.upstreamInsecure() ? 1 : 0);
            ps.setInt(6, info.storeSecrets() ? 1 : 0);
            ps.setLong(7, info.maxBodyBytes());
            ps.setString(8, Json.options(info.options()));
            ps.setString(9, hostname());
            ps.setLong(10, ProcessHandle.current().pid());
            ps.executeUpdate();
            long id = Db.queryLong(control, "SELECT last_insert_rowid()");
            openSessions.add(id);
            CaptureFile.restrictCompanions(file);
            return id;
        } catch (SQLException e) {
            throw Db.failure(file, "starting a session in", e);
        }
    }

    /** Stamps the session's end time (once; later calls change nothing). */
    public synchronized void endSession(long sessionId) {
        ensureOpen();
        try (PreparedStatement ps = control.prepareStatement(
                "UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL")) {
            ps.setLong(1, Db.micros(clock));
            ps.setLong(2, sessionId);
            ps.executeUpdate();
            openSessions.remove(sessionId);
        } catch (SQLException e) {
            throw Db.failure(file, "ending a session in", e);
        }
    }

    /**
     * Starts a writer for one session: its own connection and thread. Secrets are redacted before they are
     * stored unless the session was started with {@code storeSecrets}.
     */
    public synchronized CaptureWriter writer(long sessionId, WriterOptions options) {
        ensureOpen();
        boolean storeSecrets;
        try (PreparedStatement ps = control.prepareStatement("SELECT store_secrets FROM sessions WHERE id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no session " + sessionId + " in " + file);
                }
                storeSecrets = rs.getInt(1) != 0;
            }
        } catch (SQLException e) {
            throw Db.failure(file, "reading", e);
        }
        Connection c = null;
        try {
            c = Db.open(file, false);
            Redactor fingerprints = redactor();
            CaptureWriter writer = new CaptureWriter(c, sessionId, storeSecrets ? null : fingerprints, fingerprints,
                    options, clock);
            forgetClosed();
            handedOut.add(writer);
            return writer;
        } catch (SQLException e) {
            Db.closeQuietly(c);
            throw Db.failure(file, "opening a writer on", e);
        }
    }

    /**
     * Stores the decrypted payload of a push message ({@code push_messages.decrypted}, stamped with
     * {@code decrypted_at}), replacing any stored before. For {@code trygr fcm decrypt --store}. The payload is
     * stored as given: the caller decides what it may keep.
     *
     * @return false when there is no push message with that id
     */
    public synchronized boolean storeDecrypted(long pushMessageId, String decrypted) {
        ensureOpen();
        Objects.requireNonNull(decrypted, "decrypted");
        try {
            return Db.immediate(control, () -> {
                try (PreparedStatement ps = control.prepareStatement(
                        "UPDATE push_messages SET decrypted = ?, decrypted_at = ? WHERE id = ?")) {
                    ps.setString(1, decrypted);
                    ps.setLong(2, Db.micros(clock));
                    ps.setLong(3, pushMessageId);
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw Db.failure(file, "storing a decrypted push message in", e);
        }
    }

    /** A read-only view over the file (its own connection). Close it when done, or let {@link #close} do it. */
    public synchronized CaptureReader reader() {
        ensureOpen();
        CaptureReader reader = CaptureReader.open(file);
        forgetClosed();
        handedOut.add(reader);
        return reader;
    }

    /** Drains and closes the writers, closes the readers, ends sessions still open. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : handedOut) {
            Db.closeQuietly(c);
        }
        handedOut.clear();
        try {
            for (Long id : openSessions) {
                try (PreparedStatement ps = control.prepareStatement(
                        "UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL")) {
                    ps.setLong(1, Db.micros(clock));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            openSessions.clear();
        } catch (SQLException e) {
            throw Db.failure(file, "closing", e);
        } finally {
            Db.closeQuietly(control);
        }
    }

    /** Drops writers and readers their users already closed, so a long run does not accumulate them. */
    private void forgetClosed() {
        handedOut.removeIf(c -> c instanceof CaptureWriter w ? w.isClosed() : ((CaptureReader) c).isClosed());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("capture " + file + " is closed");
        }
    }

    /** Reads the key, creating it (and the {@code created} stamp) on first open. */
    private static byte[] ensureSecretKey(Connection c, Clock clock) throws SQLException {
        return Db.immediate(c, () -> {
            byte[] key = readSecretKey(c);
            if (key != null) {
                return key;
            }
            key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
                ps.setString(1, HMAC_KEY);
                ps.setBytes(2, key);
                ps.executeUpdate();
                ps.setString(1, CREATED);
                ps.setLong(2, Db.micros(clock));
                ps.executeUpdate();
            }
            return key;
        });
    }

    static byte[] readSecretKey(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, HMAC_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** From the environment or /etc/hostname only: a name lookup could block on DNS. Null when unknown. */
    private static String hostname() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String name = Files.readString(etc).strip();
                return name.isEmpty() ? null : name;
            }
        } catch (IOException | RuntimeException e) {
            // The host name is a nicety in the session row; without it the session is still complete.
        }
        return null;
    }
}
