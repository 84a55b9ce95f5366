package dev.trygr.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ring OAuth on the simulated cloud: two-factor login, token shapes, rotation and its ledger. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OAuthTest {
    private static final String HID = "4f6c2e0a-9b1d-4c3e-8f7a-1d2e3f4a5b6c";
    private final MutableClock clock = new MutableClock();
    private SimulatedCloud cloud;
    private HttpsClient http;
    private RingRestClient rest;

    @BeforeEach
    void start() throws Exception {
        cloud = SimulatedCloud.start(SimOptions.defaults().withClock(clock).withRefreshGrace(Duration.ofSeconds(2)));
        http = new HttpsClient(new TlsDialer(cloud.route()));
        rest = new RingRestClient(http, HID);
    }

    @AfterEach
    void stop() {
        http.close();
        cloud.close();
    }

    @Test
    void passwordGrantWantsTheSmsCodeThenIssuesTokens() throws Exception {
        SimulatedHome home = cloud.home();

        RingRestClient.Grant first = rest.passwordGrant(home.email(), home.password(), null);
        RingRestClient.NeedsCode needs = assertInstanceOf(RingRestClient.NeedsCode.class, first);
        assertEquals("sms", needs.tsvState());
        assertEquals("+1xxxxxxxx77", needs.phone());

        RingRestClient.Grant wrong = rest.passwordGrant(home.email(), home.password(), "000000");
        RingRestClient.Refused refused = assertInstanceOf(RingRestClient.Refused.class, wrong);
        assertEquals(400, refused.status());
        assertTrue(refused.error().startsWith("Verification Code"));

        RingRestClient.Grant right = rest.passwordGrant(home.email(), home.password(), "424242");
        RingRestClient.Granted granted = assertInstanceOf(RingRestClient.Granted.class, right);
        assertEquals(3600, granted.expiresIn());

        // the first request carried an empty 2fa-code header, the last one the code; names exactly as RCA sends
        List<SeenRequest> seen = cloud.requests();
        assertEquals(3, seen.size());
        assertEquals("", seen.get(0).header("2fa-code").orElseThrow());
        assertEquals("424242", seen.get(2).header("2fa-code").orElseThrow());
        List<String> names = seen.get(0).headers().stream().map(h -> h.name()).toList();
        assertTrue(names.containsAll(List.of("2fa-support", "2fa-code", "hardware_id", "User-Agent")), names::toString);
        assertEquals(HID, seen.get(0).header("hardware_id").orElseThrow());
        assertEquals("android:com.ringapp", seen.get(0).header("user-agent").orElseThrow());
        assertEquals("oauth.ring.com", seen.get(0).host());
    }

    @Test
    void wrongPasswordIsAccessDenied() throws Exception {
        RingRestClient.Refused refused = assertInstanceOf(RingRestClient.Refused.class,
                rest.passwordGrant(cloud.home().email(), "guess", "424242"));
        assertEquals(401, refused.status());
        assertEquals("access_denied", refused.error());
    }

    @Test
    void tokensAreRingShapedJwts() throws Exception {
        RingRestClient.Granted granted = login();

        String[] access = granted.accessToken().split("\\.");
        assertEquals(3, access.length);
        JsonNode header = decode(access[0]);
        assertEquals(List.of("alg", "jku", "kid", "typ"), names(header));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals("/oauth/internal/jwks", header.path("jku").asText());
        assertTrue(header.path("kid").asText().matches("[0-9a-f]{8}"));
        assertEquals(256, Base64.getUrlDecoder().decode(access[2]).length);
        JsonNode claims = decode(access[1]);
        assertEquals(List.of("app_id", "cid", "exp", "hardware_id", "iat", "iss", "oiat", "rnd", "scopes",
                "session_id", "user_id"), names(claims));
        assertEquals(claims.path("iat").asLong() + 3600, claims.path("exp").asLong());
        assertEquals(HID, claims.path("hardware_id").asText());
        assertEquals("ring_official_android", claims.path("cid").asText());
        assertEquals(cloud.home().userId(), claims.path("user_id").asLong());

        JsonNode refresh = decode(granted.refreshToken().split("\\.")[1]);
        assertEquals(List.of("iat", "iss", "oiat", "refresh_cid", "refresh_scopes", "refresh_user_id", "rnd",
                "session_id", "type"), names(refresh));
        assertEquals("refresh-token", refresh.path("type").asText());
        assertEquals(claims.path("session_id").asText(), refresh.path("session_id").asText());
    }

    @Test
    void everyRefreshRotatesAndTheChainStaysInOneSession() throws Exception {
        RingRestClient.Granted current = login();
        List<String> chain = new ArrayList<>(List.of(current.refreshToken()));
        for (int i = 0; i < 3; i++) {
            current = assertInstanceOf(RingRestClient.Granted.class, rest.refreshGrant(current.refreshToken()));
            chain.add(current.refreshToken());
        }
        assertEquals(4, chain.stream().distinct().count());

        List<TokenEvent> events = cloud.tokenEvents();
        assertEquals(TokenEvent.Kind.LOGGED_IN, events.get(0).kind());
        for (int i = 1; i < events.size(); i++) {
            assertEquals(TokenEvent.Kind.ROTATED, events.get(i).kind());
            assertEquals(chain.get(i - 1), events.get(i).presented());
            assertEquals(chain.get(i), events.get(i).issued());
            assertEquals(events.get(0).sessionId(), events.get(i).sessionId());
        }
    }

    @Test
    void aUsedTokenWorksOnceMoreWithinTheGraceOnly() throws Exception {
        RingRestClient.Granted first = login();
        String used = first.refreshToken();
        assertInstanceOf(RingRestClient.Granted.class, rest.refreshGrant(used));

        clock.advance(Duration.ofMillis(1500));
        assertInstanceOf(RingRestClient.Granted.class, rest.refreshGrant(used));
        RingRestClient.Refused third = assertInstanceOf(RingRestClient.Refused.class, rest.refreshGrant(used));
        assertEquals(401, third.status());
        assertEquals("invalid_grant", third.error());
        assertEquals("token is invalid or does not exists", third.description());

        // a token used once and retried after the grace is refused as well
        RingRestClient.Granted other = login();
        assertInstanceOf(RingRestClient.Granted.class, rest.refreshGrant(other.refreshToken()));
        clock.advance(Duration.ofMillis(2001));
        assertInstanceOf(RingRestClient.Refused.class, rest.refreshGrant(other.refreshToken()));
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() throws Exception {
        RingRestClient.Refused refused = assertInstanceOf(RingRestClient.Refused.class,
                rest.refreshGrant("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        assertEquals(401, refused.status());
        assertEquals("invalid_grant", refused.error());
        assertEquals(TokenEvent.Kind.REFUSED_UNKNOWN, cloud.tokenEvents().get(0).kind());
    }

    @Test
    void accessTokensExpireAfterAnHour() throws Exception {
        RingRestClient.Granted granted = login();
        assertEquals(200, rest.call(granted.accessToken(), "GET", "api.ring.com", "/clients_api/profile", null)
                .status());
        clock.advance(Duration.ofSeconds(3600));
        assertEquals(401, rest.call(granted.accessToken(), "GET", "api.ring.com", "/clients_api/profile", null)
                .status());
    }

    @Test
    void newLoginsGetNewTokens() throws Exception {
        assertNotEquals(login().refreshToken(), login().refreshToken());
    }

    private RingRestClient.Granted login() throws Exception {
        SimulatedHome home = cloud.home();
        return assertInstanceOf(RingRestClient.Granted.class, rest.passwordGrant(home.email(), home.password(),
                cloud.options().twoFactorCode()));
    }

    private static JsonNode decode(String part) throws Exception {
        return SimJson.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
