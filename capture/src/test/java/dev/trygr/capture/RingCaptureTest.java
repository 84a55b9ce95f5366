package dev.trygr.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.PushChannelNoted;
import dev.trygr.capture.CaptureEvent.PushReceived;
import dev.trygr.capture.ring.RingFixtures;
import dev.trygr.capture.secrets.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.trygr.capture.ring.RingFixtures.HW;
import static dev.trygr.capture.ring.RingFixtures.SECOND;
import static dev.trygr.capture.ring.RingFixtures.T0;
import static dev.trygr.capture.ring.RingFixtures.accessToken;
import static dev.trygr.capture.ring.RingFixtures.refreshToken;
import static dev.trygr.capture.ring.RingFixtures.secret;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recognizers and the ledger run by the writer: rows in token_events, fcm_events, push_messages. */
class RingCaptureTest {
    private static final long HOUR = 3600 * SECOND;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String rt1 = refreshToken("s1", T0 / SECOND);
    private final String rt2 = refreshToken("s1", T0 / SECOND + 3600);
    private final String rt3 = refreshToken("s1", T0 / SECOND + 7200);
    private final String a1 = accessToken(HW, "s1", T0 / SECOND);
    private final String a2 = accessToken(HW, "s1", T0 / SECOND + 3600);
    private final String a3 = accessToken(HW, "s1", T0 / SECOND + 7200);
    private final String fcm1 = secret("fcm1");
    private final String gcm1 = secret("gcm1");
    private final String webAuth = secret("webauth");
    private final String fisAuth = secret("fisauth");
    private final String mcsToken = "9" + Math.abs(new java.util.Random().nextLong());
    private final String pushSecret = secret("pushsecret");

    /** Every raw secret the story carries, the GCM token inside the registration's {@code web.endpoint} too. */
    private List<String> rawSecrets() {
        return List.of(rt1, rt2, a1, a2, fcm1, gcm1, webAuth, fisAuth, mcsToken, pushSecret);
    }

    /** Login, a refresh, API calls, FCM registration, push-token PATCH, then the stale rt1 again. */
    private List<CaptureEvent> story() {
        List<CaptureEvent> events = new ArrayList<>();
        events.add(TestEvents.opened(1));
        events.add(RingFixtures.passwordOk(T0, HW, a1, rt1));
        events.add(RingFixtures.api(T0 + SECOND, "GET", "/clients_api/ring_devices", HW, a1, null, 200));
        events.add(RingFixtures.fcmRegistration(T0 + 2 * SECOND, gcm1, webAuth, fisAuth, fcm1));
        events.add(RingFixtures.pushTokenPatch(T0 + 3 * SECOND, HW, a1, fcm1));
        events.add(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2));
        events.add(RingFixtures.invalidGrant(T0 + HOUR + 42 * SECOND, HW, rt1));
        events.add(TestEvents.get(1, "example.com"));
        events.add(new PushReceived(1, T0 + HOUR + 50 * SECOND, "0:1677356129944104%7031b2e6f9fd7ecd",
                "876313859327", "org.chromium.linux",
                List.of(new Header("crypto-key", "dh=BSenderPublicKey"), new Header("encryption", "salt=abc123"),
                        new Header("token", pushSecret), new Header("subtype", "wp:receiver.push.com#1")),
                new byte[] {1, 2, 3, (byte) 0xff}));
        events.add(new PushChannelNoted(1, T0 + HOUR + 40 * SECOND, "mcs_login", "4242424242", mcsToken,
                "{\"received_persistent_ids\":0}"));
        events.add(new PushChannelNoted(1, T0 + HOUR + 41 * SECOND, "mcs_close", null, null, "server closed"));
        return events;
    }

    @Test
    void rowsLandInTheThreeTablesWithTheirFlowsAndTheListenerHearsTheFindings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        List<RingRow> heard = Collections.synchronizedList(new ArrayList<>());
        try (Capture capture = Capture.open(file)) {
            Redactor redactor = capture.redactor();
            long session = capture.startSession(TestEvents.session(false));
            WriterOptions options = WriterOptions.defaults().withRingListener(heard::add);
            try (CaptureWriter writer = capture.writer(session, options)) {
                story().forEach(writer::submit);
                writer.flush();
                assertTrue(Files.size(dir.resolve("capture.db-wal")) > 0);
                assertNoRawSecretOnDisk(dir, "in the WAL");
            }

            try (CaptureReader reader = capture.reader()) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertEquals(7, flows.size());
                List<TokenEventRow> tokens = reader.tokenEvents(session);
                assertEquals(List.of("grant", "access_token_used", "grant", "grant", "stale_reuse", "invalid_grant"),
                        tokens.stream().map(TokenEventRow::kind).toList());
                TokenEventRow login = tokens.get(0);
                assertEquals(flows.get(0).id(), login.flowId());
                assertNotNull(login.connectionId());
                assertEquals("password", login.grant());
                assertEquals("ok", login.outcome());
                assertEquals(200, login.status());
                assertEquals(redactor.fingerprint(a1), login.issuedAccess());
                assertEquals(redactor.fingerprint(rt1), login.issuedRefresh());
                assertEquals(3600L, login.expiresIn());
                assertEquals(T0 + HOUR, login.expiresAt());
                assertEquals("s1", login.sessionClaim());
                assertEquals(HW, login.hardwareId());
                assertEquals(RingFixtures.UA, login.userAgent());
                assertEquals("127.0.0.1", login.clientAddress());
                JsonNode claims = JSON.readTree(login.claims());
                assertEquals("refresh-token", claims.get("refresh").get("type").asText());
                assertEquals(T0 / SECOND + 3600, claims.get("access").get("exp").asLong());
                assertEquals("password", JSON.readTree(login.detail()).get("grant_type").asText());

                TokenEventRow refresh = tokens.get(2);
                assertEquals(flows.get(4).id(), refresh.flowId());
                assertEquals(redactor.fingerprint(rt1), refresh.presented());
                assertEquals("used", refresh.presentedOutcome());
                assertEquals(redactor.fingerprint(rt2), refresh.issuedRefresh());

                TokenEventRow stale = tokens.get(4);
                assertEquals(flows.get(5).id(), stale.flowId());
                assertEquals(redactor.fingerprint(rt1), stale.presented());
                assertEquals(redactor.fingerprint(rt2), stale.supersededBy());
                assertEquals(42 * SECOND, stale.lateMicros());
                assertTrue(stale.message().contains("superseded 42s ago"), stale.message());
                assertEquals("used", JSON.readTree(stale.detail()).get("previous_state").asText());
                assertEquals("rejected", tokens.get(3).presentedOutcome());
                assertEquals("invalid_grant", tokens.get(5).outcome());

                List<FcmEventRow> fcm = reader.fcmEvents(session);
                assertEquals(List.of("fcm_register", "ring_push_token", "mcs_login", "mcs_close"),
                        fcm.stream().map(FcmEventRow::kind).toList());
                FcmEventRow registration = fcm.get(0);
                assertEquals(flows.get(2).id(), registration.flowId());
                assertEquals(HW, registration.hardwareId());
                assertEquals("ok", registration.outcome());
                assertEquals(redactor.fingerprint(fcm1), registration.fcmToken());
                assertEquals(redactor.fingerprint(gcm1), registration.gcmToken());
                assertEquals(redactor.fingerprint(webAuth), registration.webAuth());
                assertEquals(redactor.fingerprint(fisAuth), registration.fisAuth());
                assertEquals("BPublicKeyOfTheReceiver", registration.p256dh());
                assertEquals("ring-17770", registration.projectId());
                FcmEventRow patch = fcm.get(1);
                assertEquals(redactor.fingerprint(fcm1), patch.fcmToken());
                assertEquals(204, patch.status());
                assertEquals("fcm", JSON.readTree(patch.detail()).get("pn_service").asText());
                FcmEventRow mcs = fcm.get(2);
                assertNull(mcs.flowId());
                assertNotNull(mcs.connectionId());
                assertEquals("4242424242", mcs.androidId());
                assertEquals(redactor.fingerprint(mcsToken), mcs.securityToken());
                assertEquals("{\"received_persistent_ids\":0}", mcs.detail());
                assertEquals("{\"note\":\"server closed\"}", fcm.get(3).detail());

                List<PushMessageRow> pushes = reader.pushMessages(session);
                assertEquals(1, pushes.size());
                PushMessageRow push = pushes.get(0);
                assertEquals("0:1677356129944104%7031b2e6f9fd7ecd", push.persistentId());
                assertEquals("876313859327", push.sender());
                assertEquals("org.chromium.linux", push.category());
                assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xff}, push.rawData());
                assertEquals(List.of(new Header("crypto-key", "dh=BSenderPublicKey"),
                        new Header("encryption", "salt=abc123"),
                        new Header("token", redactor.marker("token", pushSecret)),
                        new Header("subtype", "wp:receiver.push.com#1")), push.appData());
                assertNull(push.decrypted());
                assertNotNull(push.connectionId());
                assertEquals("0:1677356129944104%7031b2e6f9fd7ecd",
                        reader.pushMessage(push.id()).orElseThrow().persistentId());
            }

            assertEquals(11, heard.size(), "6 token rows, 4 FCM rows, 1 push, after commit");
            List<RingRow> findings = heard.stream().filter(RingRow::isFinding).toList();
            assertEquals(List.of("stale_reuse", "invalid_grant"),
                    findings.stream().map(r -> ((TokenEventRow) r).kind()).toList());
            assertTrue(findings.get(0).message().startsWith("stale refresh token "
                    + redactor.fingerprint(rt1).substring(0, 12) + " reused by hardware_id " + HW
                    + " — superseded 42s ago; this client's push notifications will stop working"));
        }
        assertNoRawSecretOnDisk(dir, "after close");
    }

    @Test
    void aStoreSecretsSessionKeepsRawFlowsButTheTokenTablesHoldFingerprints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(true));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                story().forEach(writer::submit);
            }
            assertTrue(diskText(dir).contains(rt1), "raw values kept in flows when the session asks for it");
            try (Connection c = TestEvents.jdbc(file); Statement s = c.createStatement()) {
                for (String table : List.of("token_events", "fcm_events")) {
                    StringBuilder all = new StringBuilder();
                    try (var rs = s.executeQuery("SELECT * FROM " + table)) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                all.append(rs.getString(i)).append('|');
                            }
                        }
                    }
                    for (String raw : rawSecrets()) {
                        assertFalse(all.toString().contains(raw), table + " holds a raw secret: " + raw);
                    }
                }
            }
            try (CaptureReader reader = capture.reader()) {
                assertEquals(capture.redactor().fingerprint(rt1), reader.tokenEvents(null).get(0).issuedRefresh());
                assertTrue(reader.pushMessages(null).get(0).appData().contains(new Header("token", pushSecret)),
                        "app_data follows the session: kept raw");
            }
        }
    }

    @Test
    void aSecondRunOnTheSameFileContinuesTheChain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long first = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(first, WriterOptions.defaults())) {
                writer.submit(RingFixtures.passwordOk(T0, HW, a1, rt1));
                writer.submit(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2));
                writer.submit(RingFixtures.api(T0 + HOUR + SECOND, "GET", "/x", HW, a2, null, 200));
            }
            capture.endSession(first);
        }
        List<RingRow> heard = Collections.synchronizedList(new ArrayList<>());
        try (Capture capture = Capture.open(file)) {
            Redactor redactor = capture.redactor();
            long second = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(second, WriterOptions.defaults().withRingListener(heard::add))) {
                writer.submit(RingFixtures.invalidGrant(T0 + HOUR + 90 * SECOND, HW, rt1));
                writer.submit(RingFixtures.api(T0 + HOUR + 91 * SECOND, "GET", "/x", HW, a2, null, 200));
                writer.submit(RingFixtures.refreshOk(T0 + 2 * HOUR, HW, rt2, a3, rt3));
            }
            try (CaptureReader reader = capture.reader()) {
                List<TokenEventRow> rows = reader.tokenEvents(second);
                assertEquals(List.of("grant", "stale_reuse", "invalid_grant", "grant"),
                        rows.stream().map(TokenEventRow::kind).toList(), "a2's first use was in the first run");
                assertEquals(90 * SECOND, rows.get(1).lateMicros());
                assertEquals(redactor.fingerprint(rt2), rows.get(1).supersededBy());
                assertEquals(redactor.fingerprint(rt1), rows.get(3).parent(), "rt2's parent, known from run one");
                assertEquals(7, reader.tokenEvents(null).size(), "three rows from run one, four from run two");
            }
            assertTrue(heard.get(1).isFinding());
        }
    }

    @Test
    void aRefreshCutOffMidResponseIsStoredAsUnknown(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(RingFixtures.passwordOk(T0, HW, a1, rt1));
                writer.submit(RingFixtures.cutOff(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2), 25));
                writer.submit(RingFixtures.refreshOk(T0 + HOUR + 5 * SECOND, HW, rt1, a2, rt2));
            }
            try (CaptureReader reader = capture.reader()) {
                List<TokenEventRow> rows = reader.tokenEvents(session);
                assertEquals(List.of("grant", "grant", "grant"), rows.stream().map(TokenEventRow::kind).toList(),
                        "a retry after a lost answer is no stale reuse");
                assertEquals("cut_off", rows.get(1).outcome());
                assertEquals("unknown", rows.get(1).presentedOutcome());
                assertEquals("used", rows.get(2).presentedOutcome());
            }
        }
    }

    @Test
    void aDecryptedPayloadIsStoredOnThePushMessage(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(new PushReceived(7, T0, "p1", null, null, List.of(), new byte[] {9}));
            }
            long id;
            try (CaptureReader reader = capture.reader()) {
                PushMessageRow row = reader.pushMessages(null).get(0);
                assertNull(row.connectionId(), "its connection was never opened");
                id = row.id();
            }
            assertTrue(capture.storeDecrypted(id, "{\"data\":{\"version\":\"2.0.0\"}}"));
            assertFalse(capture.storeDecrypted(id + 100, "{}"));
            try (CaptureReader reader = capture.reader()) {
                PushMessageRow row = reader.pushMessage(id).orElseThrow();
                assertEquals("{\"data\":{\"version\":\"2.0.0\"}}", row.decrypted());
                assertNotNull(row.decryptedAt());
                assertTrue(reader.pushMessage(id + 100).isEmpty());
            }
        }
    }

    /**
     * Past the high-water mark a token grant keeps its bodies (lineage needs them); when the queue is full, push
     * messages and channel notes are dropped and counted under their own kinds.
     */
    @Test
    void overloadKeepsTokenBodiesAndCountsDroppedPushEvents(@TempDir Path dir) throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WriterOptions options = WriterOptions.defaults().withQueueCapacity(8).withBatchSize(1)
                .withMaxBatchDelay(Duration.ZERO).withListener(flow -> {
                    if (writerHeld.getCount() > 0) {
                        writerHeld.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            Map<LossKind, Long> totals;
            try (CaptureWriter writer = capture.writer(session, options)) {
                writer.submit(TestEvents.withBodies(0, 10));
                assertTrue(writerHeld.await(10, TimeUnit.SECONDS));
                for (int i = 1; i <= 6; i++) {
                    writer.submit(TestEvents.withBodies(i, 10)); // up to the high-water mark (6)
                }
                writer.submit(RingFixtures.passwordOk(T0, HW, a1, rt1)); // past it, but kept whole
                writer.submit(new PushReceived(1, T0, "kept", null, null, List.of(), new byte[] {1}));
                writer.submit(new PushReceived(1, T0, "dropped", null, null, List.of(), new byte[] {1}));
                writer.submit(new PushChannelNoted(1, T0, "mcs_close", null, null, null));
                release.countDown();
                writer.flush();
                totals = writer.lossTotals();
            }
            assertEquals(1L, totals.get(LossKind.PUSH_MESSAGE_DROPPED));
            assertEquals(1L, totals.get(LossKind.PUSH_CHANNEL_EVENT_DROPPED));
            assertEquals(0L, totals.get(LossKind.BODY_BYTES_DROPPED));
            try (CaptureReader reader = capture.reader()) {
                TokenEventRow login = reader.tokenEvents(null).get(0);
                assertEquals(capture.redactor().fingerprint(rt1), login.issuedRefresh());
                assertEquals(List.of("kept"), reader.pushMessages(null).stream().map(PushMessageRow::persistentId)
                        .toList());
                Map<String, Long> written = reader.losses().stream()
                        .collect(Collectors.groupingBy(LossRow::kind, Collectors.summingLong(LossRow::count)));
                assertEquals(Map.of("push_message_dropped", 1L, "push_channel_event_dropped", 1L), written);
            }
        }
    }

    @Test
    void aVersion2CaptureMigratesToVersion3AndKeepsItsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = TestEvents.jdbc(file)) {
            Db.execute(c, "PRAGMA journal_mode = WAL");
            for (String script : List.of("V1__initial.sql", "V2__routing.sql")) {
                for (String statement : Migrations.statements(Migrations.script(script))) {
                    Db.execute(c, statement);
                }
            }
            Db.execute(c, "PRAGMA user_version = 2");
            Db.execute(c, "INSERT INTO sessions (version, started, modes, upstream_insecure, store_secrets, max_body,"
                    + " options) VALUES ('0.0.9', 1, '[]', 0, 0, 1024, '{}')");
            Db.execute(c, "INSERT INTO flows (session_id, started, host, request_headers, response_headers,"
                    + " request_bytes, response_bytes) VALUES (1, 2, 'api.ring.com', '[]', '[]', 0, 0)");
        }
        Path copy = dir.resolve("copy.db");
        Files.copy(file, copy);

        try (CaptureReader reader = CaptureReader.open(copy)) {
            assertEquals(4, reader.schemaVersion(), "a reader upgrades in place");
            assertEquals(List.of(), reader.tokenEvents(null));
        }
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                writer.submit(RingFixtures.passwordOk(T0, HW, a1, rt1));
            }
            try (CaptureReader reader = capture.reader()) {
                assertEquals(4, reader.schemaVersion());
                assertEquals(2, reader.flows(FlowQuery.ALL).size(), "the old flow is still there");
                assertEquals(2, reader.sessions().size());
                assertEquals(1, reader.tokenEvents(null).size());
                assertEquals(reader.flows(FlowQuery.ALL).get(1).id(), reader.tokenEvents(null).get(0).flowId());
            }
        }
    }

    @Test
    void ordinaryFlowsGetNoRowsAndRecognizerOutputNeverHoldsRawTokens(@TempDir Path dir) {
        try (Capture capture = Capture.open(dir.resolve("capture.db"))) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                for (int i = 0; i < 50; i++) {
                    writer.submit(TestEvents.get(i, "example.com"));
                }
                FlowCompleted junk = RingFixtures.flow(T0, "POST", "oauth.ring.com", "/oauth/token",
                        RingFixtures.headers("Content-Encoding", "br"), RingFixtures.body(new byte[] {1, 2, 3}), 200,
                        RingFixtures.headers("Content-Encoding", "gzip"), RingFixtures.body(new byte[] {4, 5, 6}));
                writer.submit(junk);
            }
            try (CaptureReader reader = capture.reader()) {
                List<TokenEventRow> rows = reader.tokenEvents(null);
                assertEquals(1, rows.size());
                assertEquals("other", rows.get(0).grant());
                assertEquals("other", rows.get(0).outcome());
                assertEquals(List.of(), reader.losses());
            }
        }
    }

    private void assertNoRawSecretOnDisk(Path dir, String when) throws IOException {
        String disk = diskText(dir);
        for (String raw : rawSecrets()) {
            assertFalse(disk.contains(raw), "raw secret on disk " + when + ": " + raw);
        }
    }

    private static String diskText(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("capture.db")).collect(Collectors.toList());
        }
        StringBuilder out = new StringBuilder();
        for (Path p : files) {
            out.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
        }
        return out.toString();
    }
}
