package dev.trygr.analyzer.pii;

import dev.trygr.capture.CaptureReader;
import dev.trygr.simulator.SimulatedHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.trygr.analyzer.pii.PiiCaptures.gzip;
import static dev.trygr.analyzer.pii.PiiCaptures.hash;
import static dev.trygr.analyzer.pii.PiiCaptures.headers;
import static dev.trygr.analyzer.pii.PiiCaptures.json;
import static dev.trygr.analyzer.pii.PiiCaptures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded results on big captures, sessions, progress, and how fast a scan goes. */
class ScanScaleTest {
    private static final SimulatedHome HOME = SimulatedHome.sample();

    @Test
    void findingsAreCappedPerGroupAndCounted(@TempDir Path dir) {
        int n = 1_000;
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        for (int i = 0; i < n; i++) {
            capture.send("POST", "telemetry.example", "/e", headers("Content-Type", "application/json",
                    "hardware_id", RingResponses.HARDWARE_ID), json(Map.of("events", List.of(Map.of("email",
                    HOME.email(), "seq", i)))));
        }
        List<long[]> calls = new ArrayList<>();
        PersonalDataFindings found;
        try (CaptureReader reader = CaptureReader.open(capture.write(dir.resolve("c.db"), false))) {
            found = PersonalDataScan.scan(reader, PersonalDataOptions.ALL,
                    (stage, done, total) -> calls.add(new long[] {stage.equals("scan") ? 1 : 0, done, total}));
        }
        long emails = found.findings().stream().filter(f -> f.dataType().equals("email")).count();
        assertEquals(FindingCollector.KEEP_PER_GROUP, emails);
        FindingCount email = found.counts().stream().filter(c -> c.dataType().equals("email")).findFirst()
                .orElseThrow();
        assertEquals("telemetry.example body $.events[].email", email.destinationHost() + " " + email.where()
                + " " + email.fieldPath());
        assertEquals(n, email.occurrences());
        assertEquals(n, email.flows());
        assertEquals(FindingCollector.KEEP_PER_GROUP, email.kept());
        assertTrue(found.capped());
        FindingCount hid = found.counts().stream().filter(c -> c.dataType().equals("hardware_id")).findFirst()
                .orElseThrow();
        assertEquals(n, hid.occurrences());

        long total = n + 5;
        long[] last = calls.get(calls.size() - 1);
        assertEquals(List.of(1L, total, total), List.of(last[0], last[1], last[2]));
        long previous = -1;
        for (long[] c : calls) {
            if (c[0] == 1) {
                assertTrue(c[1] >= previous && c[2] == total, "scan progress goes forward with a known total");
                previous = c[1];
            }
        }
    }

    @Test
    void aSessionIsScannedWithIdentifiersLearnedFromAnyOther(@TempDir Path dir) {
        Path file = dir.resolve("c.db");
        RingResponses.account(new PiiCaptures(), HOME).write(file, false);          // session 1: Ring's answers
        new PiiCaptures().send("GET", "early.example", "/?e=" + HOME.email(), List.of(), new byte[0])
                .write(file, false);                                                      // session 2
        new PiiCaptures().send("GET", "late.example", "/?e=" + HOME.email(), List.of(), new byte[0])
                .write(file, false);                                                      // session 3
        try (CaptureReader reader = CaptureReader.open(file)) {
            long third = reader.sessions().get(2).id();
            PersonalDataFindings found = PersonalDataScan.scan(reader, new PersonalDataOptions(third, null),
                    ProgressListener.NONE);
            assertEquals(List.of("late.example"), found.findings().stream()
                    .map(PersonalDataFinding::destinationHost).toList());
        }
    }

    /**
     * Scan speed on a generated capture: Ring's answers, then a mix of tracker JSON (gzip), forms, queries and
     * Ring API calls. {@code -Dpii.bench.flows=N} sets the size (default 4,000).
     */
    @Test
    void scanSpeed(@TempDir Path dir, TestReporter reporter) throws Exception {
        int n = Integer.getInteger("pii.bench.flows", 4_000);
        Path file = dir.resolve("c.db");
        PiiCaptures capture = RingResponses.account(new PiiCaptures(), HOME);
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0 -> capture.send("POST", "api.mixpanel.example", "/track", headers("Content-Type",
                        "application/json", "Content-Encoding", "gzip"), gzip(json(Map.of("event", "tick",
                        "properties", Map.of("distinct_id", "u" + i, "$email", HOME.email(), "n", i,
                        "screen", "1080x2400", "os", "Android 14", "lat", 39.78, "lng", -89.65)))));
                case 1 -> capture.send("POST", "graph.facebook.example", "/activities", headers("Content-Type",
                        "application/x-www-form-urlencoded"), utf8("event=open&ud[em]="
                        + hash("SHA-256", HOME.email()) + "&anon_id=XZ" + i + "&advertiser_tracking_enabled=1"));
                case 2 -> capture.send("GET", "cdn.example", "/asset/" + i + ".png?v=3.21." + i + "&w=1080",
                        headers("User-Agent", "android:com.ringapp", "Accept", "*/*"), new byte[0]);
                default -> capture.send("GET", RingResponses.API, "/clients_api/doorbots/" + HOME.doorbell().id()
                        + "/health", headers("hardware_id", RingResponses.HARDWARE_ID, "authorization",
                        "Bearer x." + i, "User-Agent", "android:com.ringapp"), new byte[0]);
            }
        }
        capture.write(file, false);
        long started = System.nanoTime();
        PersonalDataFindings found;
        long[] scanned = {0};
        try (CaptureReader reader = CaptureReader.open(file)) {
            found = PersonalDataScan.scan(reader, PersonalDataOptions.ALL, (stage, done, total) -> {
                if (stage.equals(PersonalDataScan.SCAN)) {
                    scanned[0] = done;
                }
            });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long flows = scanned[0];
        assertEquals(n + 5L, flows, "every flow written and scanned");
        String line = String.format(Locale.ROOT, "pii scan: %d flows in %.2f s = %.0f flows/s; %d findings kept, "
                + "%d groups", flows, seconds, flows / seconds, found.findings().size(), found.counts().size());
        reporter.publishEntry("pii-scan-speed", line);
        // next to test-classes in the build output folder, where a person looking for the figure will find it
        Files.writeString(Path.of(ScanScaleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("pii-scan-speed.txt"), line + System.lineSeparator());
        assertTrue(found.capped());
        assertTrue(flows / seconds > 100, line);
    }
}
