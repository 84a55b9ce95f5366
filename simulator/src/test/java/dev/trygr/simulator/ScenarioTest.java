package dev.trygr.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three client scenarios against the cloud directly, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScenarioTest {
    private static final Duration GRACE = Duration.ofMillis(1000);

    @TempDir
    Path dir;
    private final List<SimEvent> events = Collections.synchronizedList(new ArrayList<>());
    private SimulatedCloud cloud;
    private ScenarioRunner runner;

    @BeforeEach
    void start() throws Exception {
        cloud = SimulatedCloud.start(SimOptions.defaults().withRefreshGrace(GRACE).withListener(events::add));
        runner = new ScenarioRunner(ScenarioSetup.forCloud(cloud, dir));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void goodClientDecryptsExactlyWhatTheCloudSentAndReusesItsCredentials() throws Exception {
        ScenarioResult result = runner.run(Scenario.GOOD);

        assertTrue(result.starts().stream().allMatch(s -> s.failure().isEmpty()), result.starts().toString());
        Map<String, PushSent> sent = cloud.pushesSent().stream()
                .collect(Collectors.toMap(PushSent::persistentId, Function.identity()));
        assertEquals(2, result.pushes().size());
        for (ReceivedPush push : result.pushes()) {
            assertTrue(push.decrypted(), push.failure().orElse(""));
            assertEquals(sent.get(push.persistentId()).payloadJson(), push.json().orElseThrow());
            assertEquals("876313859327", push.from());
        }
        JsonNode first = SimJson.parse(result.pushes().get(0).json().orElseThrow());
        assertEquals("2.0.0", first.path("data").path("version").asText());
        JsonNode androidConfig = SimJson.parse(first.path("data").path("android_config").asText());
        assertEquals("com.ring.pn.live-event.ding", androidConfig.path("category").asText());
        JsonNode second = SimJson.parse(result.pushes().get(1).json().orElseThrow());
        assertEquals("com.ring.pn.live-event.motion",
                SimJson.parse(second.path("data").path("android_config").asText()).path("category").asText());
        assertTrue(result.pushes().get(0).persistentId().matches("0:\\d{13}%[0-9a-f]{16}"));

        // start 2 re-checked in with stored credentials: one FCM token, registered once
        assertTrue(result.start(1).registeredPush());
        assertFalse(result.start(2).registeredPush());
        assertEquals(1, result.fcmTokens().size());
        assertEquals(1, cloud.fcmRegistrations().size());
        assertEquals(result.fcmTokens().get(0), cloud.ringPushToken(result.hardwareId()).orElseThrow());

        // every rotated token was saved: the config holds the last one issued
        List<TokenUse> uses = result.tokenUses();
        String lastIssued = uses.get(uses.size() - 1).issued();
        AuthConfig saved = AuthConfig.decode(HomebridgeConfig.readRefreshToken(result.configFile()).orElseThrow());
        assertEquals(lastIssued, saved.rt());
        assertEquals(result.hardwareId(), saved.hid());
        assertTrue(cloud.tokenEvents().stream().noneMatch(e -> e.kind() == TokenEvent.Kind.REFUSED_USED));
    }

    @Test
    void configIsHomebridgeShapedWithTheEncodedTokenAsRingClientApiWritesIt() throws Exception {
        ScenarioResult result = runner.run(Scenario.GOOD);

        JsonNode config = SimJson.parse(Files.readAllBytes(result.configFile()));
        JsonNode platform = config.path("platforms").get(0);
        assertEquals("Ring", platform.path("platform").asText());
        String encoded = platform.path("refreshToken").asText();
        assertTrue(encoded.startsWith("eyJydCI6"), "standard base64 of {\"rt\":");
        JsonNode token = SimJson.parse(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        assertEquals(List.of("rt", "hid", "pnc"), names(token));
        JsonNode pnc = token.path("pnc");
        assertEquals(List.of("keys", "gcm", "fcm", "config"), names(pnc));
        assertEquals(List.of("privateKey", "publicKey", "authSecret"), names(pnc.path("keys")));
        assertEquals(List.of("token", "androidId", "securityToken", "appId"), names(pnc.path("gcm")));
        assertEquals(List.of("token", "installation"), names(pnc.path("fcm")));
        assertEquals(List.of("token", "createdAt", "expiresIn", "refreshToken", "fid"),
                names(pnc.path("fcm").path("installation")));
        assertEquals("receiver.push.com", pnc.path("config").path("bundleId").asText());
        assertEquals("ring-17770", pnc.path("config").path("projectId").asText());
        assertEquals("", pnc.path("config").path("vapidKey").asText("x"));
        assertTrue(token.path("rt").asText().startsWith("eyJhbGciOiJSUzI1NiIsImprdSI6Ii9vYXV0aC9pbnRlcm5hbC9qd2tz"));
        assertTrue(pnc.path("gcm").path("appId").asText().startsWith("wp:receiver.push.com#"));
        assertTrue(pnc.path("gcm").path("androidId").asText().matches("\\d+"));
        assertEquals(43, pnc.path("keys").path("privateKey").asText().length());
        assertEquals(87, pnc.path("keys").path("publicKey").asText().length());
        assertEquals(22, pnc.path("keys").path("authSecret").asText().length());
    }

    @Test
    void staleReuseWorksOnceMoreWithinTheGraceThenGets401() throws Exception {
        ScenarioResult result = runner.run(Scenario.STALE_REUSE);

        String original = result.start(1).tokenUses().get(1).issued();
        assertEquals(200, result.start(2).tokenUses().get(0).status());
        assertEquals(original, result.start(2).tokenUses().get(0).presented());
        assertEquals(200, result.start(3).tokenUses().get(0).status(), "reuse within the grace is accepted");
        assertEquals(original, result.start(3).tokenUses().get(0).presented());
        TokenUse refused = result.start(4).tokenUses().get(0);
        assertEquals(original, refused.presented());
        assertEquals(401, refused.status());
        assertEquals("invalid_grant", refused.error().orElseThrow());
        assertTrue(result.start(4).encodedToken().isEmpty(), "the client drops a refused token");
        assertTrue(result.start(4).failure().orElseThrow().contains("not valid"));

        List<TokenEvent.Kind> kinds = cloud.tokenEvents().stream().map(TokenEvent::kind).toList();
        assertEquals(List.of(TokenEvent.Kind.LOGGED_IN, TokenEvent.Kind.ROTATED,
                TokenEvent.Kind.REUSED_WITHIN_GRACE, TokenEvent.Kind.REFUSED_USED), kinds);
        // the config still holds the original, never-updated token
        assertEquals(original,
                AuthConfig.decode(HomebridgeConfig.readRefreshToken(result.configFile()).orElseThrow()).rt());
    }

    @Test
    void reRegisteringLeavesRingPushingToTheFirstTokenAndPushesStopDecrypting() throws Exception {
        ScenarioResult result = runner.run(Scenario.RE_REGISTERING);

        List<String> tokens = result.fcmTokens();
        assertEquals(2, tokens.size());
        assertNotEquals(tokens.get(0), tokens.get(1));
        assertEquals(tokens.get(0), cloud.ringPushToken(result.hardwareId()).orElseThrow());
        List<DevicePatch> patches = cloud.devicePatches();
        assertEquals(2, patches.size());
        assertTrue(patches.get(0).kept());
        assertFalse(patches.get(1).kept());
        assertEquals(204, result.start(2).patchStatus(), "the second PATCH is accepted all the same");

        ReceivedPush before = result.start(1).pushes().get(0);
        assertTrue(before.decrypted());
        ReceivedPush after = result.start(2).pushes().get(0);
        assertFalse(after.decrypted());
        assertTrue(after.failure().orElseThrow().startsWith("AUTH_TAG_MISMATCH"), after.failure().orElseThrow());
        assertTrue(cloud.pushesSent().stream().allMatch(p -> p.fcmToken().equals(tokens.get(0))));
    }

    @Test
    void progressLinesNeverCarryRawTokens() throws Exception {
        ScenarioResult result = runner.run(Scenario.GOOD);

        assertFalse(events.isEmpty());
        assertTrue(events.stream().anyMatch(e -> e.source().equals("mcs") && e.message().contains("(no SNI)")),
                "push-receiver's MCS socket sends no SNI");
        List<String> secrets = new ArrayList<>();
        result.tokenUses().forEach(u -> secrets.add(u.issued()));
        secrets.addAll(result.fcmTokens());
        secrets.add(cloud.home().password());
        for (SimEvent event : events) {
            for (String secret : secrets) {
                if (secret != null) {
                    assertFalse(event.message().contains(secret), event.message());
                }
            }
        }
    }

    @Test
    void cloudCanPushByItselfAfterLogin() throws Exception {
        cloud.close();
        cloud = SimulatedCloud.start(SimOptions.defaults().withPushAfterLogin(PushKind.MOTION));
        ScenarioSetup setup = ScenarioSetup.forCloud(cloud, dir);
        setup = new ScenarioSetup(setup.route(), dir, setup.email(), setup.password(), setup.twoFactorCode(),
                setup.refreshGrace(), Optional.empty(), setup.pushWait(), setup.clock(), setup.listener());

        ScenarioResult result = new ScenarioRunner(setup).run(Scenario.GOOD);

        assertEquals(2, result.pushes().size(), result.starts().toString());
        assertTrue(result.pushes().stream().allMatch(ReceivedPush::decrypted));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
