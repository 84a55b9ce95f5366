package dev.trygr.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/schema.md and the migrations must describe the same schema, column by column. */
class SchemaDocTest {
    private static final Path DOC = Path.of("..", "docs", "schema.md");
    private static final Pattern TABLE_HEADING = Pattern.compile("^## Table `(\\w+)`\\s*$");
    private static final Pattern COLUMN_ROW = Pattern.compile("^\\| `(\\w+)` \\| (\\w+) \\| (yes|no) \\|.+\\|\\s*$");
    private static final Pattern INDEX_ROW = Pattern.compile("^\\| `(\\w+)` \\| `(\\w+)` \\|.+\\|\\s*$");

    /** "type, nullable" for one column, as the doc states it and as SQLite reports it. */
    record Column(String type, boolean nullable) {
    }

    @Test
    void everyColumnOfTheMigratedSchemaIsDocumentedAndViceVersa(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        Capture.open(file).close();

        Map<String, Map<String, Column>> actual = new TreeMap<>();
        Set<String> actualIndexes = new TreeSet<>();
        try (Connection c = TestEvents.jdbc(file); Statement s = c.createStatement()) {
            for (String table : names(s, "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%'")) {
                Map<String, Column> columns = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
                    while (rs.next()) {
                        boolean primaryKey = rs.getInt("pk") > 0;
                        columns.put(rs.getString("name"),
                                new Column(rs.getString("type"), rs.getInt("notnull") == 0 && !primaryKey));
                    }
                }
                actual.put(table, columns);
            }
            actualIndexes.addAll(names(s, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"));
        }

        Map<String, Map<String, Column>> documented = new TreeMap<>();
        Set<String> documentedIndexes = new TreeSet<>();
        String currentTable = null;
        boolean inIndexes = false;
        for (String line : Files.readAllLines(DOC)) {
            Matcher heading = TABLE_HEADING.matcher(line);
            if (heading.matches()) {
                currentTable = heading.group(1);
                inIndexes = false;
                assertFalse(documented.containsKey(currentTable), "table documented twice: " + currentTable);
                documented.put(currentTable, new TreeMap<>());
                continue;
            }
            if (line.startsWith("## ")) {
                currentTable = null;
                inIndexes = line.strip().equals("## Indexes");
                continue;
            }
            Matcher column = COLUMN_ROW.matcher(line);
            if (currentTable != null && column.matches()) {
                Column previous = documented.get(currentTable).put(column.group(1),
                        new Column(column.group(2), column.group(3).equals("yes")));
                assertEquals(null, previous, "column documented twice: " + currentTable + "." + column.group(1));
                continue;
            }
            Matcher index = INDEX_ROW.matcher(line);
            if (inIndexes && index.matches()) {
                documentedIndexes.add(index.group(1));
            }
        }

        assertEquals(actual.keySet(), documented.keySet(), "tables in docs/schema.md vs the migrated schema");
        for (String table : actual.keySet()) {
            assertEquals(actual.get(table), documented.get(table),
                    "columns of " + table + " (name -> type, nullable) in docs/schema.md vs the migrated schema");
        }
        assertEquals(actualIndexes, documentedIndexes, "indexes in docs/schema.md vs the migrated schema");
    }

    @Test
    void docStatesTheCurrentSchemaVersion() throws Exception {
        String doc = Files.readString(DOC);
        assertTrue(doc.contains("(currently **" + Migrations.latest() + "**)"),
                "docs/schema.md must name schema version " + Migrations.latest());
    }

    @Test
    void freshCaptureIsAtTheLatestVersionWithTrygrsApplicationId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        Capture.open(file).close();
        Capture.open(file).close(); // a second open finds nothing to migrate
        try (Connection c = TestEvents.jdbc(file)) {
            assertEquals(Migrations.latest(), Db.queryLong(c, "PRAGMA user_version"));
            assertEquals(Migrations.APPLICATION_ID, Db.queryLong(c, "PRAGMA application_id"));
            assertEquals("wal", names(c.createStatement(), "PRAGMA journal_mode").get(0));
        }
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (\n    x INTEGER\n);", "PRAGMA user_version = 1;"),
                Migrations.statements("-- comment\nCREATE TABLE a (\n    x INTEGER\n);\n\nPRAGMA user_version = 1;\n"));
        for (String script : Migrations.SCRIPTS) {
            assertFalse(Migrations.statements(Migrations.script(script)).isEmpty(), script);
        }
    }

    private static List<String> names(Statement s, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
