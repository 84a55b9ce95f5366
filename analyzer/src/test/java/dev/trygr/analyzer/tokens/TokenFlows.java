package dev.trygr.analyzer.tokens;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.Header;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Ring OAuth and push traffic in the shapes of research/ring-protocol.md §2–§4, as flows for a capture writer
 * (copied and trimmed from the capture module's RingFixtures). {@link Ring} plays Ring's token issuer with a clock of
 * its own, so a test can give a capture a skewed clock.
 */
public final class TokenFlows {
    public static final long T0 = 1_700_000_000_000_000L;
    public static final long SECOND = 1_000_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    static final String UA = "android:com.ringapp";
    static final String CLIENT = "127.0.0.1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFlows() {
    }

    /** Ring's token issuer: one login session after another, tokens stamped with Ring's clock. */
    public static final class Ring {
        private final String hardwareId;
        private String session;
        private long oiat;

        public Ring(String hardwareId) {
            this.hardwareId = hardwareId;
        }

        /** A pair of tokens from a password login at Ring time {@code ringMicros}: a new Ring session. */
        public Tokens login(long ringMicros) {
            session = UUID.randomUUID().toString();
            oiat = ringMicros / SECOND;
            return issue(ringMicros);
        }

        /** A pair from a refresh at Ring time {@code ringMicros}: same session. */
        public Tokens refresh(long ringMicros) {
            return issue(ringMicros);
        }

        String session() {
            return session;
        }

        private Tokens issue(long ringMicros) {
            long iat = ringMicros / SECOND;
            return new Tokens(accessToken(hardwareId, session, iat), refreshToken(session, iat, oiat));
        }
    }

    public record Tokens(String access, String refresh) {
    }

    static String secret(String prefix) {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    static String jwt(String payloadJson) {
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"jku\":\"/oauth/internal/jwks\",\"kid\":\"4a6b7c8d\",\"typ\":\"JWT\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(signature);
    }

    static String accessToken(String hardwareId, String session, long iat) {
        return jwt("{\"app_id\":\"ring\",\"cid\":\"ring_official_android\",\"exp\":" + (iat + 3600)
                + ",\"hardware_id\":\"" + hardwareId + "\",\"iat\":" + iat
                + ",\"iss\":\"RingOauthService-prod:us-east-1:8a3fd1c9\",\"rnd\":\"" + secret("rnd")
                + "\",\"scopes\":[\"client\"],\"session_id\":\"" + session + "\",\"user_id\":31415926}");
    }

    static String refreshToken(String session, long iat, long oiat) {
        return jwt("{\"iat\":" + iat + ",\"iss\":\"RingOauthService-prod:us-east-1:8a3fd1c9\",\"oiat\":" + oiat
                + ",\"refresh_cid\":\"ring_official_android\",\"refresh_scopes\":[\"client\"],"
                + "\"refresh_user_id\":31415926,\"rnd\":\"" + secret("rnd") + "\",\"session_id\":\"" + session
                + "\",\"type\":\"refresh-token\"}");
    }

    static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    static BodySnapshot body(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return new BodySnapshot(bytes, bytes.length, false, MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Header> json() {
        return headers("Content-Type", "application/json; charset=utf-8");
    }

    static FlowCompleted flow(long at, String method, String host, String path, List<Header> requestHeaders,
                              BodySnapshot requestBody, int status, List<Header> responseHeaders,
                              BodySnapshot responseBody) {
        return new FlowCompleted(1, at, CLIENT, 50_001, "https", method, host, 443, path, path, null, "HTTP/1.1",
                requestHeaders, requestBody, status, status == 0 ? null : "OK", status == 0 ? null : "HTTP/1.1",
                status == 0 ? List.of() : responseHeaders, status == 0 ? BodySnapshot.EMPTY : responseBody,
                at + 10, status == 0 ? 0 : at + 20, status == 0 ? 0 : at + 30,
                status == 0 ? "upstream closed before responding" : null);
    }

    /** The same flow with its response cut off after {@code keep} body bytes (the connection failed). */
    static FlowCompleted cutOff(FlowCompleted f, int keep) {
        byte[] kept = Arrays.copyOf(f.responseBody().stored(), keep);
        return new FlowCompleted(f.connectionKey(), f.startedMicros(), f.clientAddress(), f.clientPort(), f.scheme(),
                f.method(), f.host(), f.port(), f.target(), f.path(), f.query(), f.httpVersion(), f.requestHeaders(),
                f.requestBody(), f.status(), f.reason(), f.responseVersion(), f.responseHeaders(),
                new BodySnapshot(kept, kept.length, false, null), f.requestDoneMicros(), f.responseStartMicros(), 0,
                "upstream reset in the response body");
    }

    /** {@code POST oauth.ring.com/oauth/token} as ring-client-api sends it; no hardware_id header when null. */
    static FlowCompleted grant(long at, String hardwareId, String bodyJson, int status, BodySnapshot responseBody) {
        List<Header> h = headers("2fa-support", "true", "2fa-code", "", "User-Agent", UA, "Content-Type",
                "application/json");
        if (hardwareId != null) {
            h.add(new Header("hardware_id", hardwareId));
        }
        return flow(at, "POST", "oauth.ring.com", "/oauth/token", h, body(bodyJson), status, json(), responseBody);
    }

    static String tokensJson(Tokens t) {
        return "{\"access_token\":\"" + t.access() + "\",\"expires_in\":3600,\"refresh_token\":\"" + t.refresh()
                + "\",\"scope\":\"client\",\"token_type\":\"Bearer\"}";
    }

    public static FlowCompleted passwordOk(long at, String hardwareId, Tokens issued) {
        return grant(at, hardwareId, "{\"client_id\":\"ring_official_android\",\"scope\":\"client\","
                + "\"grant_type\":\"password\",\"password\":\"" + secret("pw") + "\",\"username\":\"me@example.com\"}",
                200, body(tokensJson(issued)));
    }

    static String refreshBody(String refreshToken) {
        return "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"refresh_token\","
                + "\"refresh_token\":\"" + refreshToken + "\"}";
    }

    public static FlowCompleted refreshOk(long at, String hardwareId, String presented, Tokens issued) {
        return grant(at, hardwareId, refreshBody(presented), 200, body(tokensJson(issued)));
    }

    static FlowCompleted invalidGrant(long at, String hardwareId, String presented) {
        return grant(at, hardwareId, refreshBody(presented), 401,
                body("{\"error\":\"invalid_grant\",\"error_description\":\"token is invalid or does not exists\"}"));
    }

    /** {@code PATCH /clients_api/device} with a push token (research §4.3). */
    static FlowCompleted pushTokenPatch(long at, String hardwareId, String access, String fcmToken) {
        List<Header> h = headers("authorization", "Bearer " + access, "User-Agent", UA, "Content-Type",
                "application/json", "hardware_id", hardwareId);
        return flow(at, "PATCH", "api.ring.com", "/clients_api/device", h,
                body("{\"device\":{\"metadata\":{\"api_version\":11,\"device_model\":\"homebridge-ring\","
                        + "\"pn_dict_version\":\"2.0.0\",\"pn_service\":\"fcm\"},\"os\":\"android\","
                        + "\"push_notification_token\":\"" + fcmToken + "\"}}"), 204, json(), BodySnapshot.EMPTY);
    }
}
