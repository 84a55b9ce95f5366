package dev.trygr.capture.ring;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.ring.RingEvent.TokenGrantCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static dev.trygr.capture.ring.RingFixtures.HW;
import static dev.trygr.capture.ring.RingFixtures.T0;
import static dev.trygr.capture.ring.RingFixtures.UA;
import static dev.trygr.capture.ring.RingFixtures.accessToken;
import static dev.trygr.capture.ring.RingFixtures.body;
import static dev.trygr.capture.ring.RingFixtures.fp;
import static dev.trygr.capture.ring.RingFixtures.grant;
import static dev.trygr.capture.ring.RingFixtures.headers;
import static dev.trygr.capture.ring.RingFixtures.json;
import static dev.trygr.capture.ring.RingFixtures.passwordBody;
import static dev.trygr.capture.ring.RingFixtures.refreshBody;
import static dev.trygr.capture.ring.RingFixtures.refreshToken;
import static dev.trygr.capture.ring.RingFixtures.secret;
import static dev.trygr.capture.ring.RingFixtures.tokensJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The OAuth token endpoint in every shape research §2 lists, and in shapes it should never take. */
class OAuthRecognizerTest {
    private static final long IAT = T0 / 1_000_000;

    /** What a grant should read as; tokens raw (compared by fingerprint). */
    record Expect(Grant grant, GrantOutcome outcome, int status, String presented, String access, String refresh,
                  Long expiresIn, String error, String tsvState) {
    }

    static Stream<Arguments> grants() {
        String a1 = accessToken(HW, "sess-1", IAT);
        String r1 = refreshToken("sess-1", IAT);
        String r0 = refreshToken("sess-1", IAT - 3600);
        String opaqueAccess = secret("opaque-at");
        String opaqueRefresh = secret("opaque-rt");
        String huge = "x".repeat(200_000);
        String cutJson = tokensJson(a1, r1);
        FlowCompleted whole = grant(T0, HW, "", refreshBody(r0), 200, json(), body(cutJson));
        int afterAccess = cutJson.indexOf("\"expires_in\"");
        return Stream.of(
                arguments("password grant, 200 with tokens", grant(T0, HW, "", passwordBody(), 200, json(),
                        body(tokensJson(a1, r1))), new Expect(Grant.PASSWORD, GrantOutcome.OK, 200, null, a1, r1,
                        3600L, null, null)),
                arguments("2fa required: 412 with tsv_state", grant(T0, HW, "", passwordBody(), 412, json(),
                        body("{\"next_time_in_secs\":60,\"phone\":\"+1xxxxxxxx89\",\"tsv_state\":\"sms\"}")),
                        new Expect(Grant.PASSWORD, GrantOutcome.TWO_FA_REQUIRED, 412, null, null, null, null, null,
                                "sms")),
                arguments("2fa code accepted", grant(T0, HW, "123456", passwordBody(), 200, json(),
                        body(tokensJson(a1, r1))), new Expect(Grant.PASSWORD_2FA, GrantOutcome.OK, 200, null, a1, r1,
                        3600L, null, null)),
                arguments("bad 2fa code: 400", grant(T0, HW, "000000", passwordBody(), 400, json(),
                        body("{\"err_msg\":\"bad request response from dependency service\","
                                + "\"error\":\"Verification Code is invalid or expired\"}")),
                        new Expect(Grant.PASSWORD_2FA, GrantOutcome.BAD_CODE, 400, null, null, null, null,
                                "Verification Code is invalid or expired", null)),
                arguments("bad code named only in WWW-Authenticate", grant(T0, HW, "000000", passwordBody(), 400,
                        headers("WWW-Authenticate", "Bearer error=\"Verification Code is invalid\""),
                        BodySnapshot.EMPTY),
                        new Expect(Grant.PASSWORD_2FA, GrantOutcome.BAD_CODE, 400, null, null, null, null, null, null)),
                arguments("refresh token rejected: 401 invalid_grant", grant(T0, HW, "", refreshBody(r0), 401, json(),
                        body("{\"error\":\"invalid_grant\","
                                + "\"error_description\":\"token is invalid or does not exists\"}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.INVALID_GRANT, 401, r0, null, null, null,
                                "invalid_grant", null)),
                arguments("wrong password: 401 access_denied", grant(T0, HW, "", passwordBody(), 401, json(),
                        body("{\"error\":\"access_denied\",\"error_description\":\"invalid user credentials\"}")),
                        new Expect(Grant.PASSWORD, GrantOutcome.ACCESS_DENIED, 401, null, null, null, null,
                                "access_denied", null)),
                arguments("rate limited: 406 HTML", grant(T0, HW, "", refreshBody(r0), 406,
                        headers("Content-Type", "text/html"),
                        body("<html><head><title>406 Not Acceptable</title></head><body>openresty</body></html>")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 406, r0, null, null, null,
                                "non-JSON answer (text/html)", null)),
                arguments("refresh ok", whole, new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L,
                        null, null)),
                arguments("brotli response", grant(T0, HW, "", refreshBody(r0), 200,
                        headers("Content-Type", "application/json", "Content-Encoding", "br"),
                        body(RingFixtures.brotli(tokensJson(a1, r1)))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("gzip response", grant(T0, HW, "", refreshBody(r0), 200,
                        headers("Content-Type", "application/json", "Content-Encoding", "gzip"),
                        body(RingFixtures.gzip(tokensJson(a1, r1)))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("deflate response", grant(T0, HW, "", refreshBody(r0), 200,
                        headers("Content-Type", "application/json", "Content-Encoding", "deflate"),
                        body(RingFixtures.deflate(tokensJson(a1, r1)))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("gzip request body", RingFixtures.flow(T0, "POST", "oauth.ring.com", "/oauth/token",
                        headers("hardware_id", HW, "User-Agent", UA, "Content-Encoding", "gzip"),
                        body(RingFixtures.gzip(refreshBody(r0))), 200, json(), body(tokensJson(a1, r1))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("malformed JSON answer", grant(T0, HW, "", refreshBody(r0), 200, json(),
                        body("{\"access_token\": oops, \"refresh_token\": \"" + r1 + "\"}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 200, r0, null, null, null, null, null)),
                arguments("malformed request body", grant(T0, HW, "", "{{{not json", 401, json(),
                        body("{\"error\":\"invalid_grant\"}")),
                        new Expect(Grant.OTHER, GrantOutcome.INVALID_GRANT, 401, null, null, null, null,
                                "invalid_grant", null)),
                arguments("unexpected fields and types", grant(T0, HW, "", refreshBody(r0), 200, json(),
                        body("{\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"access_token\":\"" + a1
                                + "\",\"expires_in\":\"3600\",\"refresh_token\":\"" + r1
                                + "\",\"scope\":[\"client\"],\"token_type\":7}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("200 with an empty object", grant(T0, HW, "", refreshBody(r0), 200, json(), body("{}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 200, r0, null, null, null, null, null)),
                arguments("200 with an access token only", grant(T0, HW, "", refreshBody(r0), 200, json(),
                        body("{\"access_token\":\"" + a1 + "\"}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, null, null, null, null)),
                arguments("a JSON array answer", grant(T0, HW, "", refreshBody(r0), 200, json(), body("[1,2,3]")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 200, r0, null, null, null, null, null)),
                arguments("huge values", grant(T0, HW, "", refreshBody(huge), 401, json(),
                        body("{\"error\":\"" + "e".repeat(10_000) + "\",\"expires_in\":1" + "0".repeat(40) + "}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 401, huge, null, null, null,
                                "e".repeat(256), null)),
                arguments("non-JWT tokens", grant(T0, HW, "", refreshBody(opaqueRefresh), 200, json(),
                        body(tokensJson(opaqueAccess, opaqueRefresh + "2"))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, opaqueRefresh, opaqueAccess,
                                opaqueRefresh + "2", 3600L, null, null)),
                arguments("response cut off after the access token", RingFixtures.cutOff(whole, afterAccess + 6),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.CUT_OFF, 200, r0, a1, null, null, null, null)),
                arguments("response cut off inside the access token", RingFixtures.cutOff(whole, 40),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.CUT_OFF, 200, r0, null, null, null, null, null)),
                arguments("gzip response cut off", RingFixtures.cutOff(grant(T0, HW, "", refreshBody(r0), 200,
                        headers("Content-Type", "application/json", "Content-Encoding", "gzip"),
                        body(RingFixtures.gzip(tokensJson(a1, r1)))), 30),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.CUT_OFF, 200, r0, null, null, null, null, null)),
                arguments("no response", grant(T0, HW, "", refreshBody(r0), 0, List.of(), BodySnapshot.EMPTY),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.NO_RESPONSE, 0, r0, null, null, null, null, null)),
                arguments("form-encoded refresh grant", RingFixtures.flow(T0, "POST", "oauth.ring.com", "/oauth/token",
                        headers("Content-Type", "application/x-www-form-urlencoded", "hardware_id", HW,
                                "User-Agent", UA),
                        body("grant_type=refresh_token&refresh_token="
                                + java.net.URLEncoder.encode(r0 + "+/=", StandardCharsets.UTF_8)), 200, json(),
                        body(tokensJson(a1, r1))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0 + "+/=", a1, r1, 3600L, null, null)),
                arguments("form request kept only in part", RingFixtures.flow(T0, "POST", "oauth.ring.com",
                        "/oauth/token", headers("Content-Type", "application/x-www-form-urlencoded", "hardware_id", HW,
                                "User-Agent", UA),
                        new BodySnapshot(("grant_type=refresh_token&refresh_token=" + r0).substring(0, 60)
                                .getBytes(StandardCharsets.UTF_8), 500, true, null), 401, json(),
                        body("{\"error\":\"invalid_grant\"}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.INVALID_GRANT, 401, null, null, null, null,
                                "invalid_grant", null)),
                arguments("refresh_token without grant_type", grant(T0, HW, "", "{\"refresh_token\":\"" + r0 + "\"}",
                        200, json(), body(tokensJson(a1, r1))),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OK, 200, r0, a1, r1, 3600L, null, null)),
                arguments("a refresh_token that is not a string", grant(T0, HW, "",
                        "{\"grant_type\":\"refresh_token\",\"refresh_token\":12345}", 401, json(),
                        body("{\"error\":\"invalid_grant\"}")),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.INVALID_GRANT, 401, null, null, null, null,
                                "invalid_grant", null)),
                arguments("an unknown grant type", grant(T0, HW, "", "{\"grant_type\":\"client_credentials\"}", 400,
                        json(), body("{\"code\":1,\"error\":\"Invalid auth request\"}")),
                        new Expect(Grant.OTHER, GrantOutcome.OTHER, 400, null, null, null, null,
                                "Invalid auth request", null)),
                arguments("500 with an empty body", grant(T0, HW, "", refreshBody(r0), 500, json(), BodySnapshot.EMPTY),
                        new Expect(Grant.REFRESH_TOKEN, GrantOutcome.OTHER, 500, r0, null, null, null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void readsEveryShapeOfTheTokenEndpoint(String name, FlowCompleted flow, Expect expect) {
        List<RingEvent> events = RingRecognizers.recognize(flow, RingFixtures.REDACTOR::fingerprint);
        assertEquals(1, events.size(), events.toString());
        TokenGrantCompleted g = (TokenGrantCompleted) events.get(0);
        assertEquals(expect.grant(), g.grant(), "grant");
        assertEquals(expect.outcome(), g.outcome(), "outcome");
        assertEquals(expect.status(), g.status(), "status");
        assertEquals(fpOrNull(expect.presented()), g.presented(), "presented");
        assertEquals(fpOrNull(expect.access()), g.issuedAccess(), "issued access");
        assertEquals(fpOrNull(expect.refresh()), g.issuedRefresh(), "issued refresh");
        assertEquals(expect.expiresIn(), g.expiresIn(), "expires_in");
        assertEquals(expect.error(), g.error(), "error");
        assertEquals(expect.tsvState(), g.tsvState(), "tsv_state");
        assertEquals(HW, g.client().hardwareId());
        assertEquals(UA, g.client().userAgent());
        assertEquals(RingFixtures.CLIENT, g.client().address());
        assertEquals(T0, g.atMicros());
    }

    @Test
    void decodesTheClaimsOfRingJwtsAndKeepsUserIdsOnlyAsFingerprints() {
        String access = accessToken(HW, "sess-9", IAT);
        String refresh = refreshToken("sess-9", IAT);
        String presented = refreshToken("sess-9", IAT - 3600);
        TokenGrantCompleted g = (TokenGrantCompleted) RingRecognizers.recognize(grant(T0, HW, "",
                refreshBody(presented), 200, json(), body(tokensJson(access, refresh))),
                RingFixtures.REDACTOR::fingerprint).get(0);
        JwtClaims a = g.accessClaims();
        assertEquals("RS256", a.alg());
        assertEquals("4a6b7c8d", a.kid());
        assertEquals(IAT, a.iat());
        assertEquals(IAT + 3600, a.exp());
        assertEquals("sess-9", a.sessionId());
        assertEquals(HW, a.hardwareId());
        assertEquals("ring_official_android", a.clientId());
        assertEquals(fp("31415926"), a.userIdFingerprint());
        assertEquals((IAT + 3600) * 1_000_000L, g.accessExpiresMicros());
        JwtClaims r = g.refreshClaims();
        assertEquals("refresh-token", r.type());
        assertNull(r.exp(), "Ring refresh tokens carry no exp");
        assertEquals(IAT - 86_400, r.oiat());
        assertEquals(fp("31415926"), r.userIdFingerprint());
        assertNotNull(g.presentedClaims());
        assertEquals("used", g.presentedOutcome());
        String json = a.toJson().toString();
        assertEquals(-1, json.indexOf("31415926"), "no raw user id in the stored claims: " + json);
    }

    @Test
    void expiresInGivesTheAccessExpiryWhenTheTokenIsNotAJwt() {
        TokenGrantCompleted g = (TokenGrantCompleted) RingRecognizers.recognize(grant(T0, HW, "", passwordBody(), 200,
                json(), body(tokensJson("opaque-a", "opaque-r"))), RingFixtures.REDACTOR::fingerprint).get(0);
        assertNull(g.accessClaims());
        assertEquals(T0 + 3600 * 1_000_000L, g.accessExpiresMicros());
        assertNull(g.presentedOutcome(), "a password grant presents no token");
    }

    @Test
    void presentedOutcomeIsUnknownWhenTheAnswerWasLost() {
        String r0 = refreshToken("s", IAT);
        FlowCompleted lost = grant(T0, HW, "", refreshBody(r0), 0, List.of(), BodySnapshot.EMPTY);
        TokenGrantCompleted g = (TokenGrantCompleted) RingRecognizers.recognize(lost,
                RingFixtures.REDACTOR::fingerprint).get(0);
        assertEquals("unknown", g.presentedOutcome());
        FlowCompleted rejected = RingFixtures.invalidGrant(T0, HW, r0);
        assertEquals("rejected", ((TokenGrantCompleted) RingRecognizers.recognize(rejected,
                RingFixtures.REDACTOR::fingerprint).get(0)).presentedOutcome());
    }

    private static String fpOrNull(String raw) {
        return raw == null ? null : fp(raw);
    }
}
