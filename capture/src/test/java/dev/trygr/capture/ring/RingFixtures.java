package dev.trygr.capture.ring;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.Header;
import dev.trygr.capture.secrets.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Ring and FCM traffic in the shapes of research/ring-protocol.md, for recognizer, ledger and writer tests. */
public final class RingFixtures {
    public static final long T0 = 1_700_000_000_000_000L;
    public static final long SECOND = 1_000_000L;
    public static final String HW = "6f1c2a9e-0000-4000-8000-1234567890ab";
    public static final String UA = "android:com.ringapp";
    public static final String CLIENT = "127.0.0.1";
    public static final Redactor REDACTOR = new Redactor(filled(32, (byte) 7));
    private static final SecureRandom RANDOM = new SecureRandom();

    private RingFixtures() {
    }

    public static String fp(String secret) {
        return REDACTOR.fingerprint(secret);
    }

    /** A random opaque secret, so a test cannot pass on a lucky constant. */
    public static String secret(String prefix) {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    public static String jwt(String payloadJson) {
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"jku\":\"/oauth/internal/jwks\",\"kid\":\"4a6b7c8d\",\"typ\":\"JWT\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(signature);
    }

    /** A Ring access token (research §2.3): {@code exp - iat = 3600}. */
    public static String accessToken(String hardwareId, String session, long iatSeconds) {
        return jwt("{\"app_id\":\"ring\",\"cid\":\"ring_official_android\",\"exp\":" + (iatSeconds + 3600)
                + ",\"hardware_id\":\"" + hardwareId + "\",\"iat\":" + iatSeconds
                + ",\"iss\":\"RingOauthService-prod:us-east-1:8a3fd1c9\",\"rnd\":\"" + secret("rnd")
                + "\",\"scopes\":[\"client\"],\"session_id\":\"" + session + "\",\"user_id\":31415926}");
    }

    /** A Ring refresh token: no {@code exp}, {@code type: refresh-token}. */
    public static String refreshToken(String session, long iatSeconds) {
        return jwt("{\"iat\":" + iatSeconds + ",\"iss\":\"RingOauthService-prod:us-east-1:8a3fd1c9\",\"oiat\":"
                + (iatSeconds - 86_400) + ",\"refresh_cid\":\"ring_official_android\",\"refresh_scopes\":[\"client\"],"
                + "\"refresh_user_id\":31415926,\"rnd\":\"" + secret("rnd") + "\",\"session_id\":\"" + session
                + "\",\"type\":\"refresh-token\"}");
    }

    public static String tokensJson(String access, String refresh) {
        return "{\"access_token\":\"" + access + "\",\"expires_in\":3600,\"refresh_token\":\"" + refresh
                + "\",\"scope\":\"client\",\"token_type\":\"Bearer\"}";
    }

    public static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    public static BodySnapshot body(byte[] bytes) {
        return new BodySnapshot(bytes, bytes.length, false, sha256(bytes));
    }

    public static BodySnapshot body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete exchange from {@link #CLIENT}. */
    public static FlowCompleted flow(long at, String method, String host, String path, List<Header> requestHeaders,
                                     BodySnapshot requestBody, int status, List<Header> responseHeaders,
                                     BodySnapshot responseBody) {
        return new FlowCompleted(1, at, CLIENT, 50_001, "https", method, host, 443, path, path, null, "HTTP/1.1",
                requestHeaders, requestBody, status, status == 0 ? null : "OK", status == 0 ? null : "HTTP/1.1",
                status == 0 ? List.of() : responseHeaders, status == 0 ? BodySnapshot.EMPTY : responseBody,
                at + 10, status == 0 ? 0 : at + 20, status == 0 ? 0 : at + 30,
                status == 0 ? "upstream closed before responding" : null);
    }

    /** The same flow with its response cut off after {@code keep} body bytes (the connection failed). */
    public static FlowCompleted cutOff(FlowCompleted f, int keep) {
        byte[] kept = Arrays.copyOf(f.responseBody().stored(), keep);
        return new FlowCompleted(f.connectionKey(), f.startedMicros(), f.clientAddress(), f.clientPort(), f.scheme(),
                f.method(), f.host(), f.port(), f.target(), f.path(), f.query(), f.httpVersion(), f.requestHeaders(),
                f.requestBody(), f.status(), f.reason(), f.responseVersion(), f.responseHeaders(),
                new BodySnapshot(kept, kept.length, false, null), f.requestDoneMicros(), f.responseStartMicros(), 0,
                "upstream reset in the response body");
    }

    /** {@code POST oauth.ring.com/oauth/token} as ring-client-api sends it (research §2.1). */
    public static FlowCompleted grant(long at, String hardwareId, String code, String bodyJson, int status,
                                      List<Header> responseHeaders, BodySnapshot responseBody) {
        return flow(at, "POST", "oauth.ring.com", "/oauth/token",
                headers("2fa-support", "true", "2fa-code", code, "hardware_id", hardwareId, "User-Agent", UA,
                        "Content-Type", "application/json", "accept-encoding", "br, gzip, deflate"),
                body(bodyJson), status, responseHeaders, responseBody);
    }

    public static String passwordBody() {
        return "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"password\","
                + "\"password\":\"hunter2-" + secret("pw") + "\",\"username\":\"me@example.com\"}";
    }

    public static String refreshBody(String refreshToken) {
        return "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"refresh_token\","
                + "\"refresh_token\":\"" + refreshToken + "\"}";
    }

    /** A refresh grant answered 200 with new tokens. */
    public static FlowCompleted refreshOk(long at, String hardwareId, String presented, String access,
                                          String refresh) {
        return grant(at, hardwareId, "", refreshBody(presented), 200, json(), body(tokensJson(access, refresh)));
    }

    public static FlowCompleted passwordOk(long at, String hardwareId, String access, String refresh) {
        return grant(at, hardwareId, "", passwordBody(), 200, json(), body(tokensJson(access, refresh)));
    }

    public static FlowCompleted invalidGrant(long at, String hardwareId, String presented) {
        return grant(at, hardwareId, "", refreshBody(presented), 401, json(),
                body("{\"error\":\"invalid_grant\",\"error_description\":\"token is invalid or does not exists\"}"));
    }

    /** A Ring API call with a bearer token (research §4.1). */
    public static FlowCompleted api(long at, String method, String path, String hardwareId, String access,
                                    String requestJson, int status) {
        List<Header> h = headers("authorization", "Bearer " + access, "User-Agent", UA, "Content-Type",
                "application/json");
        if (hardwareId != null) {
            h.add(new Header("hardware_id", hardwareId));
        }
        return flow(at, method, "api.ring.com", path, h, requestJson == null ? BodySnapshot.EMPTY : body(requestJson),
                status, json(), status == 204 ? BodySnapshot.EMPTY : body("{}"));
    }

    /** {@code PATCH /clients_api/device} with a push token (research §4.3). */
    public static FlowCompleted pushTokenPatch(long at, String hardwareId, String access, String fcmToken) {
        return api(at, "PATCH", "/clients_api/device", hardwareId, access,
                "{\"device\":{\"metadata\":{\"api_version\":11,\"device_model\":\"homebridge-ring\","
                        + "\"pn_dict_version\":\"2.0.0\",\"pn_service\":\"fcm\"},\"os\":\"android\","
                        + "\"push_notification_token\":\"" + fcmToken + "\"}}", 204);
    }

    /** {@code POST fcmregistrations.googleapis.com/…/registrations} (research §5.5). */
    public static FlowCompleted fcmRegistration(long at, String gcmToken, String authSecret, String fisAuth,
                                                String fcmToken) {
        return flow(at, "POST", "fcmregistrations.googleapis.com", "/v1/projects/ring-17770/registrations",
                headers("x-goog-api-key", "AIzaPublicKey", "x-goog-firebase-installations-auth", fisAuth,
                        "content-type", "text/plain;charset=UTF-8"),
                body("{\"web\":{\"auth\":\"" + authSecret + "\",\"endpoint\":\"https://fcm.googleapis.com/fcm/send/"
                        + gcmToken + "\",\"p256dh\":\"BPublicKeyOfTheReceiver\"}}"),
                200, json(), body("{\"name\":\"projects/ring-17770/registrations/r1\",\"token\":\""
                        + fcmToken + "\",\"web\":{\"endpoint\":\"https://fcm.googleapis.com/fcm/send/" + gcmToken
                        + "\"}}"));
    }

    public static List<Header> json() {
        return headers("Content-Type", "application/json; charset=utf-8");
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] deflate(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A valid brotli stream (RFC 7932) made of uncompressed meta-blocks: there is no brotli encoder on the
     * classpath, and stored blocks are enough to exercise the decoder path with fresh random tokens.
     */
    public static byte[] brotli(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Bits bits = new Bits();
        bits.write(0, 1); // WBITS = 16
        for (int start = 0; start < data.length; start += 32_768) {
            int length = Math.min(32_768, data.length - start);
            bits.write(0, 1); // ISLAST = 0
            bits.write(0, 2); // MNIBBLES = 4
            bits.write(length - 1, 16); // MLEN - 1
            bits.write(1, 1); // ISUNCOMPRESSED
            bits.alignToByte();
            bits.bytes(data, start, length);
        }
        bits.write(1, 1); // ISLAST
        bits.write(1, 1); // ISLASTEMPTY
        bits.alignToByte();
        return bits.out.toByteArray();
    }

    private static final class Bits {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int current;
        int used;

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        void alignToByte() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        void bytes(byte[] data, int start, int length) {
            out.write(data, start, length);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
