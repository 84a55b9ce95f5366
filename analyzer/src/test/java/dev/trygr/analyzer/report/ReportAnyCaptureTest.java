package dev.trygr.analyzer.report;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.trygr.analyzer.report.ReportCaptures.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report can be made of any capture: empty, without Ring traffic, from the first schema version, one session. */
class ReportAnyCaptureTest {

    static Report build(Path file, ReportOptions options) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return ReportBuilder.build(reader, options, ReportProgress.NONE);
        }
    }

    @Test
    void anEmptyCaptureGivesAnEmptyReport(@TempDir Path dir) {
        Path file = dir.resolve("empty.db");
        Capture.open(file).close();   // schema, no session, nothing recorded
        Report r = build(file, ReportOptions.defaults("t"));
        assertEquals(0, r.summary().totals().flows());
        assertTrue(r.summary().sessions().isEmpty());
        assertTrue(r.destinations().hosts().isEmpty());
        assertTrue(r.findings().isEmpty());
        assertEquals(0, r.activity().buckets());
        assertTrue(r.summary().banners().stream().anyMatch(b -> b.title().equals("Nothing was recorded")));
        assertTrue(r.personalData().scanned());
        assertTrue(r.personalData().matrix().isEmpty());

        Path session = new ReportCaptures().write(dir.resolve("session-only.db"));
        Report s = build(session, ReportOptions.defaults("t"));
        assertEquals(1, s.summary().sessions().size());
        assertTrue(s.summary().firstMicros() != null, "the session's start is the window");
    }

    @Test
    void aCaptureWithoutRingTrafficHasNoRingSections(@TempDir Path dir) {
        ReportCaptures c = new ReportCaptures();
        long conn = c.tls("example.org");
        for (int i = 0; i < 5; i++) {
            c.get(conn, "example.org", "/articles/" + (1000 + i) + "?page=" + i, headers("User-Agent", "curl/8.0"));
        }
        Report r = build(c.write(dir.resolve("web.db")), ReportOptions.defaults("t"));
        assertEquals(5, r.summary().totals().flows());
        assertTrue(r.credentials().clients().isEmpty());
        assertTrue(r.credentials().recipients().isEmpty());
        assertTrue(r.push().clients().isEmpty());
        assertEquals(0, r.push().messages());
        assertEquals("/articles/{id}", r.endpoints().hosts().get(0).endpoints().get(0).template());
        assertEquals(List.of("query.page"), r.endpoints().hosts().get(0).endpoints().get(0).requestFields());
        assertEquals(Party.UNKNOWN, r.destinations().hosts().get(0).party());
        assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals("unknown_destination")));
    }

    @Test
    void aFirstSchemaVersionCaptureIsUpgradedAndReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements(script("V1__initial.sql"))) {
                s.execute(statement);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO sessions (id, version, started, ended, modes, upstream_insecure, store_secrets,"
                    + " max_body, options) VALUES (1, '0.0.1', 1700000000000000, 1700000060000000,"
                    + " '[\"regular@127.0.0.1:8080\"]', 1, 0, 1048576, '{}')");
            s.execute("INSERT INTO connections (id, session_id, client_address, mode, opened, closed, outcome,"
                    + " target_host, target_port, sni, tls_version, protocol, bytes_from_client, bytes_to_client)"
                    + " VALUES (1, 1, '10.0.0.5', 'regular@127.0.0.1:8080', 1700000001000000, 1700000002000000,"
                    + " 'intercepted', 'api.ring.com', 443, 'api.ring.com', 'TLSv1.2', 'http/1.1', 900, 4000)");
            s.execute("INSERT INTO flows (id, session_id, connection_id, started, client_address, scheme, method,"
                    + " host, port, target, path, http_version, request_headers, status, response_headers,"
                    + " request_bytes, response_bytes) VALUES (1, 1, 1, 1700000001500000, '10.0.0.5', 'https', 'GET',"
                    + " 'api.ring.com', 443, '/clients_api/ring_devices', '/clients_api/ring_devices', 'HTTP/1.1',"
                    + " '[[\"hardware_id\",\"abc-123\"],[\"User-Agent\",\"android:com.ringapp\"]]', 200, '[]', 0, 1500)");
        }
        Report r = build(file, ReportOptions.defaults("t"));
        assertEquals(4, r.meta().schemaVersion(), "upgraded in place before reading");
        assertEquals(1, r.summary().totals().flows());
        assertEquals("abc-123", r.summary().clients().hardwareIds().get(0).hardwareId());
        assertEquals(List.of("SNI", "Host", "CONNECT"), ReportBuilderTest.host(r, "api.ring.com").learnedBy());
        assertEquals(4000, ReportBuilderTest.host(r, "api.ring.com").bytesDown());
        assertTrue(r.summary().banners().stream().anyMatch(b -> b.title().contains("Upstream verification")));
    }

    @Test
    void oneSessionOnly(@TempDir Path dir) {
        Path file = dir.resolve("two.db");
        ReportCaptures first = new ReportCaptures();
        first.get(first.tls("api.ring.com"), "api.ring.com", "/clients_api/profile", headers());
        first.write(file);
        ReportCaptures second = new ReportCaptures();
        long conn = second.tls("example.org");
        second.get(conn, "example.org", "/a", headers()).get(conn, "example.org", "/b", headers());
        second.write(file);
        Report both = build(file, ReportOptions.defaults("t"));
        assertEquals(3, both.summary().totals().flows());
        Report two = build(file, ReportOptions.defaults("t").withSession(2L));
        assertEquals(2, two.summary().totals().flows());
        assertEquals(List.of("example.org"), two.destinations().hosts().stream()
                .map(Destinations.Destination::host).toList());
        assertEquals(2L, two.meta().session());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(file, ReportOptions.defaults("t").withSession(9L)));
        assertEquals("the capture has no session 9", e.getMessage());
    }

    @Test
    void limitsKeepMemoryBoundedAndSaySo(@TempDir Path dir) {
        ReportCaptures c = new ReportCaptures();
        for (int i = 0; i < 12; i++) {
            String host = "h" + i + ".example.com";
            long conn = c.tls(host);
            c.get(conn, host, "/x" + i, headers()).get(conn, host, "/y" + i, headers());
        }
        ReportLimits small = new ReportLimits(5, 3, 4, 1, 5, 3, 2, 10, 3, 2, 5, 2, 2);
        Report r = build(c.write(dir.resolve("many.db")), ReportOptions.defaults("t").withLimits(small)
                .withPersonalData(false));
        assertEquals(6, r.destinations().hosts().size(), "five hosts and the added-up rest");
        Destinations.Destination other = r.destinations().hosts().get(5);
        assertEquals("(other hosts)", other.host());
        assertEquals(14, other.flows());
        assertEquals(7, r.destinations().notListed());
        assertEquals(12, r.summary().totals().hosts());
        assertEquals(24, r.summary().totals().flows());
        assertEquals(4, r.endpoints().hosts().stream().mapToInt(h -> h.endpoints().size()).sum());
        assertEquals(20, r.endpoints().notListed());
        assertFalse(r.meta().notes().isEmpty());
        assertFalse(r.personalData().scanned());
        assertTrue(r.findings().stream().filter(f -> f.kind().equals("unknown_destination"))
                .allMatch(f -> f.evidence().size() <= 2));
    }

    private static String script(String name) throws IOException {
        try (InputStream in = Capture.class.getResourceAsStream("migrations/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Statements end with a line ending in ';'; whole-line comments are dropped (the layout of trygr's scripts). */
    private static List<String> statements(String script) throws SQLException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        return out;
    }
}
