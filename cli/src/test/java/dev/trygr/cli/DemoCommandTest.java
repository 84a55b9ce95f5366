package dev.trygr.cli;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.DnsQueryRow;
import dev.trygr.capture.FcmEventRow;
import dev.trygr.capture.PushMessageRow;
import dev.trygr.capture.TokenEventRow;
import dev.trygr.capture.fcm.PushCredentials;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.simulator.PushSent;
import dev.trygr.simulator.SimulatedHome;
import dev.trygr.simulator.TokenEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trygr demo} end to end: the simulated Ring home through the real proxy (transparent, reverse:tls, dns),
 * real TLS and a real capture; then what the capture says about tokens, FCM and pushes, and what it must not hold.
 */
class DemoCommandTest {

    @TempDir
    static Path dir;
    static String out;
    static DemoCommand.Outcome outcome;
    static Path capture;

    @BeforeAll
    static void runDemo() throws Exception {
        StringWriter console = new StringWriter();
        outcome = DemoCommand.run(dir, new PrintWriter(console, true));
        out = console.toString();
        capture = dir.resolve("capture.db");
    }

    @Test
    void theCommandRunsTheDemo(@TempDir Path other) {
        CaCommandTest.Run run = CaCommandTest.trygr("demo", "--out", other.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(Files.exists(other.resolve("capture.db")), run.out());
        assertTrue(run.out().contains("What trygr recorded"), run.out());
    }

    @Test
    void theDemoTellsTheStory() {
        assertTrue(out.contains("api.ring.com asked of trygr's DNS") && out.contains(": 127.0.0.1 (trygr itself)"),
                out);
        assertTrue(out.contains("tokens  good: 1 login(s), 2 refresh-token rotation(s), 0 refused grant(s)"), out);
        assertTrue(out.contains("! stale refresh token"), "the stale reuse is shown live: " + out);
        assertTrue(out.contains("push notifications will stop working"), out);
        assertTrue(out.contains("Ring keeps pushing to the first registration"), "re-registration explained: " + out);
        assertTrue(out.contains("decrypted with good's keys: {\"data\":"), out);
    }

    @Test
    void rotationsAreChainedParentToChild() {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            Map<String, List<TokenEventRow>> grants = reader.tokenEvents(null).stream()
                    .filter(t -> t.kind().equals("grant") && "ok".equals(t.outcome()))
                    .collect(Collectors.groupingBy(TokenEventRow::hardwareId));
            assertEquals(3, grants.size(), "three clients");
            String good = goodHardwareId();
            List<TokenEventRow> chain = grants.get(good);
            assertEquals(3, chain.size(), chain.toString());   // login, then two refreshes
            assertEquals("password_2fa", chain.get(0).grant());
            for (int i = 1; i < chain.size(); i++) {
                TokenEventRow refresh = chain.get(i);
                assertEquals("refresh_token", refresh.grant());
                assertEquals(chain.get(i - 1).issuedRefresh(), refresh.presented(),
                        "each refresh presents the token the previous grant issued");
                assertEquals(chain.get(i - 1).presented(), refresh.parent(),
                        "and that token's parent is the token it was issued for");
                assertEquals("used", refresh.presentedOutcome());
            }
            assertTrue(chain.stream().allMatch(t -> t.issuedRefresh().matches("[0-9a-f]{64}")), "fingerprints");
        }
    }

    @Test
    void staleReuseAndReRegistrationAreRecorded() {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            List<TokenEventRow> stale = reader.tokenEvents(null).stream()
                    .filter(t -> t.kind().equals("stale_reuse")).toList();
            assertFalse(stale.isEmpty());
            assertTrue(stale.stream().allMatch(t -> t.lateMicros() != null && t.lateMicros() >= 0
                    && t.supersededBy() != null), stale.toString());
            assertTrue(reader.tokenEvents(null).stream().anyMatch(t -> t.kind().equals("invalid_grant")));
            List<FcmEventRow> fcm = reader.fcmEvents(null);
            assertEquals(1, fcm.stream().filter(f -> f.kind().equals("fcm_reregistered")).count(), fcm.toString());
            assertEquals(3, fcm.stream().filter(f -> f.kind().equals("fcm_register")).count());
            assertTrue(fcm.stream().anyMatch(f -> f.kind().equals("mcs_login") && f.securityToken() != null));
        }
    }

    @Test
    void pushesAreRecordedAndDecryptToWhatTheClientGot() throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            List<PushMessageRow> pushes = reader.pushMessages(null);
            assertEquals(4, pushes.size(), pushes.toString());
            assertTrue(pushes.stream().allMatch(p -> p.rawData().length > 0 && p.persistentId().startsWith("0:")));
            List<PushMessageRow> decrypted = pushes.stream().filter(p -> p.decrypted() != null).toList();
            assertEquals(2, decrypted.size(), "the good client's ding and motion");
            for (PushMessageRow p : decrypted) {
                PushSent sent = outcome.pushesSent().stream()
                        .filter(s -> s.persistentId().equals(p.persistentId())).findFirst().orElseThrow();
                assertEquals(sent.payloadJson(), p.decrypted(), "exactly the JSON the cloud encrypted");
            }
            assertTrue(decrypted.get(0).decrypted().contains("com.ring.pn.live-event.ding"));
            assertTrue(decrypted.get(1).decrypted().contains("com.ring.pn.live-event.motion"));
            assertEquals(outcome.pushesSent().stream().map(PushSent::persistentId).sorted().toList(),
                    pushes.stream().map(PushMessageRow::persistentId).sorted().toList(), "every push recorded");
            ConnectionRow mcs = reader.connections().stream().filter(c -> "mcs".equals(c.protocol())).findFirst()
                    .orElseThrow();
            assertEquals("mtalk.google.com", mcs.targetHost());
            assertEquals(null, mcs.rawClientHead(), "the MCS login holds the security token: no raw bytes kept");
            List<DnsQueryRow> dns = reader.dnsQueries(null);
            assertEquals(2, dns.size());
            assertTrue(dns.stream().allMatch(q -> q.outcome().equals("local")
                    && q.answers().equals(List.of("A 127.0.0.1"))), dns.toString());
        }
        CaCommandTest.Run decrypt = CaCommandTest.trygr("fcm", "decrypt", "--capture", capture.toString(),
                "--credentials", dir.resolve("clients/good/config.json").toString());
        assertEquals(0, decrypt.code(), decrypt.err());
        assertEquals(2, decrypt.out().lines().count(), decrypt.out());
        assertTrue(decrypt.err().contains("2 of 4 push message(s) decrypted"), decrypt.err());
    }

    @Test
    void noRawSecretIsInTheCaptureFiles() throws IOException {
        List<String> secrets = new ArrayList<>();
        secrets.add(SimulatedHome.sample().password());
        for (TokenEvent t : outcome.ledger()) {   // every refresh token the cloud issued or was shown
            if (t.presented() != null) {
                secrets.add(t.presented());
            }
            if (t.issued() != null) {
                secrets.add(t.issued());
            }
        }
        List<byte[]> binary = new ArrayList<>();
        for (String client : List.of("good", "stale", "rereg")) {
            RingCredentials creds = RingCredentials.read(dir.resolve("clients").resolve(client).resolve("config.json"));
            secrets.add(creds.refreshToken());
            creds.push().ifPresent(p -> addPushSecrets(p, secrets, binary));
        }
        assertTrue(secrets.size() >= 25, secrets.size() + " secrets to look for");
        for (String suffix : List.of("", "-wal")) {
            Path file = dir.resolve("capture.db" + suffix);
            if (!Files.exists(file)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertFalse(text.contains(secret), file.getFileName() + " holds a raw secret starting "
                        + secret.substring(0, 6));
            }
            String hex = HexFormat.of().formatHex(bytes);
            for (byte[] b : binary) {
                assertFalse(hex.contains(HexFormat.of().formatHex(b)), file.getFileName()
                        + " holds a security token in binary");
            }
        }
    }

    private static void addPushSecrets(PushCredentials p, List<String> secrets, List<byte[]> binary) {
        p.keys().ifPresent(k -> {
            secrets.add(k.privateKey());
            secrets.add(k.authSecret());
        });
        p.gcm().ifPresent(g -> {
            secrets.add(g.token());
            secrets.add(g.securityToken());
            binary.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(new BigInteger(g.securityToken()).longValue()).array());   // fixed64 in protobuf
        });
        p.fcm().ifPresent(f -> {
            secrets.add(f.token());
            f.installation().ifPresent(i -> {
                secrets.add(i.token());
                secrets.add(i.refreshToken());
            });
        });
    }

    private static String goodHardwareId() {
        try {
            RingCredentials good = RingCredentials.read(dir.resolve("clients/good/config.json"));
            assertNotNull(good.hardwareId().orElse(null));
            return good.hardwareId().get();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
