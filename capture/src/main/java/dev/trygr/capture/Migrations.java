package dev.trygr.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema's history: an ordered list of SQL scripts, script N taking a capture from {@code user_version}
 * N-1 to N. A new capture is built by running all of them, so there is one source of schema truth. Each script
 * runs in one {@code BEGIN IMMEDIATE} transaction together with its {@code user_version} bump, so a crash never
 * leaves a half-migrated file, and two processes opening the same new file do not both migrate it.
 */
final class Migrations {
    /** The scripts, in order; the schema version a script produces is its position, counting from 1. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__routing.sql", "V3__ring.sql",
            "V4__writer_indexes.sql");
    /** {@code PRAGMA application_id} of a trygr capture ("tryg" in ASCII). */
    static final int APPLICATION_ID = 0x74727967;
    private static final String FOLDER = "migrations/";

    private Migrations() {
    }

    /** The newest schema version this code knows. */
    static int latest() {
        return SCRIPTS.size();
    }

    static int userVersion(Connection c) throws SQLException {
        return (int) Db.queryLong(c, "PRAGMA user_version");
    }

    /**
     * Refuses a file this code must not touch: written by a newer trygr, or an SQLite database that is not a
     * capture. Read-only; runs before anything is written.
     *
     * @return the file's schema version (0 for a new, empty file)
     */
    static int check(Connection c, Path file) throws SQLException {
        int version = userVersion(c);
        if (version > latest()) {
            throw new CaptureTooNewException(file.getFileName().toString(), version, latest());
        }
        long applicationId = Db.queryLong(c, "PRAGMA application_id");
        if (version == 0) {
            long objects = Db.queryLong(c, "SELECT count(*) FROM sqlite_master");
            if (objects > 0 || (applicationId != 0 && applicationId != APPLICATION_ID)) {
                throw new CaptureException(file + " is an SQLite database but not a trygr capture");
            }
        } else if (applicationId != APPLICATION_ID) {
            throw new CaptureException(file + " is an SQLite database but not a trygr capture");
        }
        return version;
    }

    /** Applies every script the file has not had yet, each in its own transaction. */
    static void migrate(Connection c, Path file) throws SQLException {
        for (int target = 1; target <= latest(); target++) {
            int next = target;
            Db.immediate(c, () -> {
                int current = check(c, file); // re-read under the write lock: another process may have migrated
                if (current < next) {
                    for (String statement : statements(script(SCRIPTS.get(next - 1)))) {
                        Db.execute(c, statement);
                    }
                    Db.execute(c, "PRAGMA user_version = " + next);
                }
                return null;
            });
        }
    }

    static String script(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the jar: " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits a script into statements: whole-line {@code --} comments are dropped, and a statement ends with a
     * line that ends in {@code ;}. (Simple on purpose: the scripts are ours and follow that layout.)
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration script ends without ';': " + current);
        }
        return out;
    }
}
