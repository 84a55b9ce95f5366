package dev.trygr.capture;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * JDBC plumbing shared by the store: how connections are opened, explicit {@code BEGIN IMMEDIATE} transactions,
 * streaming a query's rows, and turning SQLite errors into messages a user can act on.
 */
final class Db {
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private Db() {
    }

    /** Work run inside a transaction. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Reads the result set's current row into a record. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Opens one connection. Connections stay in auto-commit mode and transactions are explicit
     * ({@link #immediate}): sqlite-jdbc's own non-auto-commit mode re-opens a transaction right after every
     * commit, which with IMMEDIATE would hold the write lock between batches.
     */
    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        // The writer assigns no meaning to generated keys; without this the driver runs an extra
        // "SELECT last_insert_rowid()" after every INSERT (about a third of the writer thread's time).
        config.setGetGeneratedKeys(false);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Switches the file to WAL. Refuses to carry on silently in another journal mode. */
    static void enableWal(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = rs.next() ? rs.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new CaptureException("cannot switch " + file.getFileName() + " to WAL mode (it stays in '"
                        + mode + "' mode); keep captures on a local disk");
            }
        }
    }

    /** Runs {@code work} in {@code BEGIN IMMEDIATE ... COMMIT}; rolls back on any failure. */
    static <T> T immediate(Connection c, SqlWork<T> work) throws SQLException {
        execute(c, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            T result = work.run();
            execute(c, "COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Runs the query {@code sql}, whose one parameter {@code ?1} is {@code filter} (NULL when null), and hands each
     * row, as {@code row} reads it, to {@code action}, in the query's order, without holding them all.
     */
    static <T> void forEachRow(Connection c, String sql, Long filter, RowReader<T> row, Consumer<? super T> action)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Columns.setLongOrNull(ps, 1, filter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(row.read(rs));
                }
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException alreadyEnded) {
            // SQLite may already have rolled the transaction back itself (e.g. on SQLITE_FULL); nothing to undo.
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing after a failure: the first error is the one worth reporting, this one adds nothing.
        }
    }

    static long micros(Clock clock) {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /** A user-facing message for an SQLite failure on {@code file} while {@code doing} something. */
    static CaptureException failure(Path file, String doing, SQLException e) {
        String name = file.toString();
        String message;
        switch (e.getErrorCode() & 0xff) {
            case 26: // SQLITE_NOTADB
                message = name + " is not a trygr capture (not an SQLite database)";
                break;
            case 11: // SQLITE_CORRUPT
                message = name + " is damaged (SQLite reports corruption)";
                break;
            case 14: // SQLITE_CANTOPEN
                message = "cannot open " + name + " (missing folder or no permission?)";
                break;
            case 5: // SQLITE_BUSY
            case 6: // SQLITE_LOCKED
                message = name + " is locked by another process";
                break;
            case 8: // SQLITE_READONLY
            case 3: // SQLITE_PERM
                message = "cannot write " + name + " (read-only file or folder)";
                break;
            case 13: // SQLITE_FULL
                message = "the disk holding " + name + " is full";
                break;
            default:
                message = doing + " " + name + " failed: " + e.getMessage();
        }
        return new CaptureException(message, e);
    }
}
