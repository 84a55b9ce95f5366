package dev.trygr.capture.ring;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.ring.RingEvent.AccessTokenFirstUsed;
import dev.trygr.capture.ring.RingEvent.ExpiredAccessTokenUsed;
import dev.trygr.capture.ring.RingEvent.FcmRegistered;
import dev.trygr.capture.ring.RingEvent.FcmReregistered;
import dev.trygr.capture.ring.RingEvent.GrantRejected;
import dev.trygr.capture.ring.RingEvent.PasswordLoginRepeated;
import dev.trygr.capture.ring.RingEvent.RingDeviceUpdated;
import dev.trygr.capture.ring.RingEvent.RingSessionCreated;
import dev.trygr.capture.ring.RingEvent.StaleTokenReused;
import dev.trygr.capture.ring.RingEvent.TokenGrantCompleted;
import dev.trygr.capture.ring.TokenLedger.RefreshTokenState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trygr.capture.ring.RingFixtures.HW;
import static dev.trygr.capture.ring.RingFixtures.SECOND;
import static dev.trygr.capture.ring.RingFixtures.T0;
import static dev.trygr.capture.ring.RingFixtures.accessToken;
import static dev.trygr.capture.ring.RingFixtures.api;
import static dev.trygr.capture.ring.RingFixtures.body;
import static dev.trygr.capture.ring.RingFixtures.fp;
import static dev.trygr.capture.ring.RingFixtures.grant;
import static dev.trygr.capture.ring.RingFixtures.json;
import static dev.trygr.capture.ring.RingFixtures.refreshBody;
import static dev.trygr.capture.ring.RingFixtures.refreshToken;
import static dev.trygr.capture.ring.RingFixtures.secret;
import static dev.trygr.capture.ring.RingFixtures.tokensJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refresh-token lineage and the findings it yields, flow by flow, as research §2.4 and §10 describe. */
class TokenLedgerTest {
    private static final long HOUR = 3600 * SECOND;

    private final RingObserver observer = new RingObserver(RingFixtures.REDACTOR::fingerprint);
    private final String rt1 = refreshToken("s1", T0 / SECOND);
    private final String rt2 = refreshToken("s1", T0 / SECOND + 3600);
    private final String rt3 = refreshToken("s1", T0 / SECOND + 7200);
    private final String a1 = accessToken(HW, "s1", T0 / SECOND);
    private final String a2 = accessToken(HW, "s1", T0 / SECOND + 3600);
    private final String a3 = accessToken(HW, "s1", T0 / SECOND + 7200);

    private List<RingEvent> see(FlowCompleted flow) {
        return observer.observe(flow);
    }

    private RefreshTokenState state(String token) {
        return observer.ledger().refreshToken(fp(token)).orElseThrow();
    }

    /** Login (rt1), then rt1 → rt2 → rt3, an hour apart. */
    private void chain() {
        assertEquals(1, see(RingFixtures.passwordOk(T0, HW, a1, rt1)).size());
        assertEquals(1, see(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2)).size());
        assertEquals(1, see(RingFixtures.refreshOk(T0 + 2 * HOUR, HW, rt2, a3, rt3)).size());
    }

    @Test
    void everyIssuedTokenKnowsItsParentAndChildren() {
        List<RingEvent> login = see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        assertNull(((TokenGrantCompleted) login.get(0)).presentedParent());
        List<RingEvent> second = see(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2));
        List<RingEvent> third = see(RingFixtures.refreshOk(T0 + 2 * HOUR, HW, rt2, a3, rt3));
        assertNull(((TokenGrantCompleted) second.get(0)).presentedParent(), "rt1 came from a password login");
        assertEquals(fp(rt1), ((TokenGrantCompleted) third.get(0)).presentedParent());

        assertNull(state(rt1).parent());
        assertEquals(List.of(fp(rt2)), state(rt1).children());
        assertEquals(fp(rt1), state(rt2).parent());
        assertEquals(List.of(fp(rt3)), state(rt2).children());
        assertEquals(fp(rt2), state(rt3).parent());
        assertEquals(List.of(), state(rt3).children());
        assertEquals("used", state(rt1).state());
        assertEquals("used", state(rt2).state());
        assertEquals("issued", state(rt3).state());
        assertEquals(T0 + HOUR, state(rt1).supersededAtMicros());
        assertEquals(fp(rt2), state(rt1).supersededBy());
        assertEquals(HW, state(rt3).hardwareId());
    }

    @Test
    void presentingASupersededTokenIsAStaleReuseWithItsLateness() {
        chain();
        List<RingEvent> events = see(RingFixtures.invalidGrant(T0 + HOUR + 73 * SECOND, HW, rt1));
        assertEquals(3, events.size(), events.toString());
        TokenGrantCompleted g = assertInstanceOf(TokenGrantCompleted.class, events.get(0));
        assertEquals(GrantOutcome.INVALID_GRANT, g.outcome());
        assertEquals("rejected", g.presentedOutcome());
        StaleTokenReused stale = assertInstanceOf(StaleTokenReused.class, events.get(1));
        assertEquals(fp(rt1), stale.presented());
        assertEquals(fp(rt2), stale.supersededBy());
        assertEquals(T0 + HOUR, stale.supersededAtMicros());
        assertEquals(73 * SECOND, stale.lateMicros());
        assertEquals("used", stale.previousState());
        assertTrue(stale.message().startsWith("stale refresh token " + fp(rt1).substring(0, 12)
                + " reused by hardware_id " + HW + " — superseded 1m13s ago; this client's push notifications"
                + " will stop working: Ring binds FCM to the first use"), stale.message());
        GrantRejected rejected = assertInstanceOf(GrantRejected.class, events.get(2));
        assertEquals("used", rejected.previousState());
        assertEquals(73 * SECOND, rejected.lateMicros());
        assertEquals("invalid_grant", rejected.error());
        assertTrue(rejected.message().contains("invalid_grant"), rejected.message());

        // Ring may still answer a stale token once (research §10): the reuse is flagged all the same
        String rt2b = refreshToken("s1", 1);
        List<RingEvent> grace = see(RingFixtures.refreshOk(T0 + 3 * HOUR, HW, rt2, accessToken(HW, "s1", 5), rt2b));
        assertInstanceOf(StaleTokenReused.class, grace.get(1));
        assertEquals(List.of(fp(rt3), fp(rt2b)), state(rt2).children());
        assertEquals(fp(rt2), state(rt2b).parent());
    }

    @Test
    void aRefreshCutOffMidResponseLeavesThePresentedTokenUnknownNotUsed() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        FlowCompleted whole = RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2);
        TokenGrantCompleted cut = (TokenGrantCompleted) see(RingFixtures.cutOff(whole, 30)).get(0);
        assertEquals(GrantOutcome.CUT_OFF, cut.outcome());
        assertEquals("unknown", cut.presentedOutcome());
        assertEquals("unknown", state(rt1).state());
        assertEquals(0, state(rt1).supersededAtMicros());

        List<RingEvent> retry = see(RingFixtures.refreshOk(T0 + HOUR + 5 * SECOND, HW, rt1, a2, rt2));
        assertEquals(1, retry.size(), "the client retrying the same token is no stale reuse: " + retry);
        assertEquals("used", state(rt1).state());

        // the retry after a lost answer that Ring did act on: rejected, and the finding says why
        see(RingFixtures.passwordOk(T0, "hw-2", a3, rt3));
        see(grant(T0 + 2 * HOUR, "hw-2", "", refreshBody(rt3), 0, List.of(), BodySnapshot.EMPTY));
        assertEquals("unknown", state(rt3).state());
        List<RingEvent> rejected = see(RingFixtures.invalidGrant(T0 + 2 * HOUR + 5 * SECOND, "hw-2", rt3));
        assertEquals(2, rejected.size(), rejected.toString());
        GrantRejected r = assertInstanceOf(GrantRejected.class, rejected.get(1));
        assertEquals("unknown", r.previousState());
        assertNull(r.lateMicros());
        assertTrue(r.message().contains("cut off"), r.message());
    }

    @Test
    void aTokenOnlyCutOffAfterItsAccessTokenStillRecordsWhatArrived() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        String json = tokensJson(a2, rt2);
        FlowCompleted cut = RingFixtures.cutOff(RingFixtures.refreshOk(T0 + HOUR, HW, rt1, a2, rt2),
                json.indexOf("\"refresh_token\"") + 20);
        TokenGrantCompleted g = (TokenGrantCompleted) see(cut).get(0);
        assertEquals(fp(a2), g.issuedAccess());
        assertNull(g.issuedRefresh());
        assertEquals("unknown", state(rt1).state());
    }

    @Test
    void aNewLoginSupersedesTheOldChainAndRepeatedPasswordLoginsAreFound() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        List<RingEvent> again = see(RingFixtures.passwordOk(T0 + 600 * SECOND, HW, a2, rt2));
        assertEquals(2, again.size(), again.toString());
        PasswordLoginRepeated repeated = assertInstanceOf(PasswordLoginRepeated.class, again.get(1));
        assertEquals(2, repeated.logins());
        assertEquals(T0, repeated.previousAtMicros());
        assertTrue(repeated.message().contains("10m00s earlier"), repeated.message());
        assertEquals("superseded", state(rt1).state());

        List<RingEvent> old = see(RingFixtures.refreshOk(T0 + 900 * SECOND, HW, rt1, a3, rt3));
        StaleTokenReused stale = assertInstanceOf(StaleTokenReused.class, old.get(1));
        assertEquals("superseded", stale.previousState());
        assertEquals(300 * SECOND, stale.lateMicros());
        assertEquals(fp(rt2), stale.supersededBy());

        List<RingEvent> otherClient = see(RingFixtures.passwordOk(T0, "hw-other", accessToken("hw-other", "x", 1),
                refreshToken("x", 1)));
        assertEquals(1, otherClient.size(), "one login per hardware_id is fine");
        List<RingEvent> twoFactorFirst = see(grant(T0, "hw-3", "", RingFixtures.passwordBody(), 412, json(),
                body("{\"tsv_state\":\"totp\"}")));
        assertEquals(1, twoFactorFirst.size());
        assertEquals(1, see(grant(T0 + SECOND, "hw-3", "123456", RingFixtures.passwordBody(), 200, json(),
                body(tokensJson(secret("a"), secret("r"))))).size(), "a 412 then the code is one login");
    }

    @Test
    void accessTokensAreNotedOnFirstUseAndWhenUsedAfterExp() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        List<RingEvent> first = see(api(T0 + 10 * SECOND, "GET", "/clients_api/ring_devices", HW, a1, null, 200));
        AccessTokenFirstUsed used = assertInstanceOf(AccessTokenFirstUsed.class, first.get(0));
        assertEquals(fp(a1), used.token());
        assertEquals(T0 + HOUR, used.expiresAtMicros());
        assertNull(used.message(), "a first use is no finding");
        assertEquals(List.of(), see(api(T0 + 20 * SECOND, "GET", "/clients_api/ring_devices", HW, a1, null, 200)));

        List<RingEvent> late = see(api(T0 + HOUR + 100 * SECOND, "GET", "/clients_api/dings/active", HW, a1, null,
                401));
        ExpiredAccessTokenUsed expired = assertInstanceOf(ExpiredAccessTokenUsed.class, late.get(0));
        assertEquals(100 * SECOND, expired.lateMicros());
        assertEquals("/clients_api/dings/active", expired.path());
        assertTrue(expired.message().contains("1m40s after it expired (api.ring.com/clients_api/dings/active,"
                + " answered 401)"), expired.message());
        assertEquals(List.of(), see(api(T0 + 2 * HOUR, "GET", "/x", HW, a1, null, 401)), "noted once per token");

        // a token issued before the capture started: its own exp claim says when it died
        String foreign = accessToken("hw-9", "s9", T0 / SECOND - 7200);
        List<RingEvent> events = see(api(T0, "GET", "/x", null, foreign, null, 401));
        assertEquals(2, events.size());
        assertEquals("hw-9", events.get(0).client().hardwareId(), "hardware_id from the token's claims");
        assertEquals(HOUR, ((ExpiredAccessTokenUsed) events.get(1)).lateMicros());

        // an opaque access token: expiry from expires_in
        String opaque = secret("opaque");
        see(RingFixtures.passwordOk(T0, "hw-5", opaque, secret("rt")));
        assertEquals(1, see(api(T0 + HOUR + SECOND, "GET", "/x", "hw-5", opaque, null, 200)).stream()
                .filter(ExpiredAccessTokenUsed.class::isInstance).count());
    }

    @Test
    void aSecondFcmRegistrationForAHardwareIdIsFound() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        String f1 = secret("fcm1");
        String f2 = secret("fcm2");
        String f3 = secret("fcm3");
        List<RingEvent> firstRegistration = see(RingFixtures.fcmRegistration(T0 + SECOND, secret("gcm"),
                secret("auth"), secret("fis"), f1));
        assertEquals(HW, assertInstanceOf(FcmRegistered.class, firstRegistration.get(0)).client().hardwareId(),
                "attributed: one hardware_id seen from this address");
        assertEquals(1, firstRegistration.size());
        List<RingEvent> patch = see(RingFixtures.pushTokenPatch(T0 + 2 * SECOND, null, a1, f1));
        RingDeviceUpdated d = assertInstanceOf(RingDeviceUpdated.class, patch.get(1));
        assertEquals(HW, d.client().hardwareId(), "hardware_id from the access token");
        assertEquals(2, patch.size(), "bearer first use + the patch, no finding: " + patch);
        assertEquals(1, see(RingFixtures.pushTokenPatch(T0 + HOUR, HW, a1, f1)).size(), "same token again");

        List<RingEvent> again = see(RingFixtures.fcmRegistration(T0 + 2 * HOUR, secret("gcm"), secret("auth"),
                secret("fis"), f2));
        FcmReregistered re = assertInstanceOf(FcmReregistered.class, again.get(1));
        assertEquals(fp(f1), re.firstToken());
        assertEquals(fp(f2), re.newToken());
        assertEquals("fcm_register", re.via());
        assertTrue(re.message().contains("Ring keeps pushing to the first registration"), re.message());
        List<RingEvent> patched = see(RingFixtures.pushTokenPatch(T0 + 2 * HOUR, HW, a3, f2));
        assertEquals(List.of(AccessTokenFirstUsed.class, RingDeviceUpdated.class),
                patched.stream().map(Object::getClass).toList(), "reported once");

        List<RingEvent> viaRing = see(RingFixtures.pushTokenPatch(T0 + 2 * HOUR + SECOND, HW, a3, f3));
        assertEquals(2, viaRing.size(), viaRing.toString());
        FcmReregistered ring = assertInstanceOf(FcmReregistered.class, viaRing.get(1));
        assertEquals("ring_push_token", ring.via());
        assertEquals(T0 + SECOND, ring.firstAtMicros());
        assertEquals(fp(f3), ring.newToken());
    }

    @Test
    void fcmCallsFromAnAddressShowingTwoClientsAreNotAttributed() {
        see(RingFixtures.passwordOk(T0, HW, a1, rt1));
        see(RingFixtures.passwordOk(T0, "hw-two", a2, rt2));
        FcmRegistered r = (FcmRegistered) see(RingFixtures.fcmRegistration(T0, secret("g"), secret("a"), secret("f"),
                secret("t"))).get(0);
        assertNull(r.client().hardwareId());
    }

    @Test
    void sessionCallsGetTheirHardwareIdFromTheGrantThatIssuedTheirToken() {
        String opaque = secret("opaque-access");
        see(RingFixtures.passwordOk(T0, HW, opaque, rt1));
        List<RingEvent> events = see(RingFixtures.flow(T0 + SECOND, "POST", "api.ring.com", "/clients_api/session",
                RingFixtures.headers("authorization", "Bearer " + opaque), body("{\"device\":{}}"), 200, json(),
                body("{}")));
        assertEquals(HW, assertInstanceOf(RingSessionCreated.class, events.get(1)).client().hardwareId());
        assertEquals(HW, events.get(0).client().hardwareId());
    }

    @Test
    void replayingStoredRowsContinuesTheChainWithoutReporting() {
        TokenLedger ledger = new TokenLedger();
        ClientId client = new ClientId(HW, RingFixtures.CLIENT, RingFixtures.UA);
        ledger.replayGrant(T0, client, Grant.PASSWORD, GrantOutcome.OK, null, fp(a1), T0 + HOUR, fp(rt1));
        ledger.replayGrant(T0 + HOUR, client, Grant.REFRESH_TOKEN, GrantOutcome.OK, fp(rt1), fp(a2), T0 + 2 * HOUR,
                fp(rt2));
        ledger.replayAccessUse(client, fp(a1), T0 + HOUR, false);
        RingObserver restarted = new RingObserver(RingFixtures.REDACTOR::fingerprint, ledger);
        List<RingEvent> events = restarted.observe(RingFixtures.invalidGrant(T0 + HOUR + 10 * SECOND, HW, rt1));
        assertInstanceOf(StaleTokenReused.class, events.get(1));
        assertEquals(List.of(), restarted.observe(api(T0 + 20 * SECOND, "GET", "/x", HW, a1, null, 200)),
                "first use already stored");
        List<RingEvent> next = restarted.observe(RingFixtures.refreshOk(T0 + 2 * HOUR, HW, rt2, a3, rt3));
        assertEquals(fp(rt1), ((TokenGrantCompleted) next.get(0)).presentedParent());
        assertEquals(1, next.size());
    }
}
