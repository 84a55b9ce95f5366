package dev.trygr.capture.fcm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RingCredentialsTest {
    private static final WebPushKeys KEYS = WebPushKeys.generate(new SecureRandom());
    private static final String USER_ID = "98765432";
    private static final String SESSION = "3f2b8c1e-6d4a-4e0f-9b7a-2c5d8e1f0a93";
    private static final String HID = "5d1e2f3a-4b5c-5d6e-8f70-8192a3b4c5d6";

    /** A refresh JWT shaped like Ring's (claims from ring-protocol.md §2.3); the signature is made up. */
    private static final String RT = jwt("{\"alg\":\"RS256\",\"jku\":\"/oauth/internal/jwks\",\"kid\":\"1a2b3c4d\","
                    + "\"typ\":\"JWT\"}",
            "{\"iat\":1740823200,\"iss\":\"RingOauthService-prod:us-east-1:5b1a0c2e\",\"oiat\":1740800000,"
                    + "\"refresh_cid\":\"ring_official_android\",\"refresh_scopes\":[\"client\"],\"refresh_user_id\":"
                    + USER_ID + ",\"rnd\":\"qW3eR5tY7u\",\"session_id\":\"" + SESSION + "\",\"type\":\"refresh-token\"}")
            + ".c2lnbmF0dXJlLVNFQ1JFVC1zaWc";
    private static final String GCM_TOKEN = "gcmTOKEN-secret-0001:APA91bGcm";
    private static final String SECURITY_TOKEN = "8112233445566778899";
    private static final String ANDROID_ID = "4865488135458839813";
    private static final String FCM_TOKEN = "fcmTOKEN-secret-0002:APA91bFcm";
    private static final String FIS_TOKEN = "eyJhbGciOiJFUzI1NiJ9.fisTOKENsecret0003.c2ln";
    private static final String FIS_REFRESH = "3_AS3qfwFISrefreshSECRET0004";

    private static final String PNC = "{\"keys\":{\"privateKey\":\"" + KEYS.privateKeyBase64Url() + "\",\"publicKey\":\""
            + KEYS.publicKeyBase64Url() + "\",\"authSecret\":\"" + KEYS.authSecretBase64Url() + "\"},"
            + "\"gcm\":{\"token\":\"" + GCM_TOKEN + "\",\"androidId\":\"" + ANDROID_ID + "\",\"securityToken\":\""
            + SECURITY_TOKEN + "\",\"appId\":\"wp:receiver.push.com#0b7e8e0c-6d2b-4c1e-9a55-1f2e3d4c5b6a\"},"
            + "\"fcm\":{\"token\":\"" + FCM_TOKEN + "\",\"installation\":{\"token\":\"" + FIS_TOKEN + "\","
            + "\"createdAt\":1740823260000,\"expiresIn\":604800000,\"refreshToken\":\"" + FIS_REFRESH + "\","
            + "\"fid\":\"fV3xYz1Ab2Cd3Ef4Gh5Ij6\"}},"
            + "\"config\":{\"bundleId\":\"receiver.push.com\",\"projectId\":\"ring-17770\",\"vapidKey\":\"\"}}";
    private static final String AUTH_CONFIG = "{\"rt\":\"" + RT + "\",\"hid\":\"" + HID + "\",\"pnc\":" + PNC + "}";
    private static final String ENCODED = base64(AUTH_CONFIG);
    private static final String ENCODED_NO_PNC = base64("{\"rt\":\"" + RT + "\",\"hid\":\"" + HID + "\"}");
    private static final String HOMEBRIDGE = "{\n  \"bridge\": {\"name\": \"Homebridge\", \"pin\": \"031-45-154\"},\n"
            + "  \"platforms\": [\n    {\"platform\": \"config\", \"name\": \"Config\"},\n"
            + "    {\"platform\": \"Ring\", \"refreshToken\": \"" + ENCODED + "\", \"hideLightGroups\": true}\n  ]\n}\n";

    private static final List<String> SECRETS = List.of(RT, RT.split("\\.")[1], RT.split("\\.")[2], ENCODED,
            KEYS.privateKeyBase64Url(), KEYS.authSecretBase64Url(), GCM_TOKEN, SECURITY_TOKEN, FCM_TOKEN, FIS_TOKEN,
            FIS_REFRESH, USER_ID);

    private static String jwt(String header, String payload) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("encoded token with pnc", ENCODED, RingCredentials.Source.ENCODED_TOKEN, true, true),
                arguments("encoded token without pnc", ENCODED_NO_PNC, RingCredentials.Source.ENCODED_TOKEN, true,
                        false),
                arguments("encoded token, rt only", base64("{\"rt\":\"" + RT + "\"}"),
                        RingCredentials.Source.ENCODED_TOKEN, false, false),
                arguments("encoded token, url-safe alphabet without padding",
                        ENCODED.replace('+', '-').replace('/', '_').replace("=", ""),
                        RingCredentials.Source.ENCODED_TOKEN, true, true),
                arguments("encoded token with surrounding whitespace", "  " + ENCODED + "\n",
                        RingCredentials.Source.ENCODED_TOKEN, true, true),
                arguments("raw JWT", RT, RingCredentials.Source.RAW_JWT, false, false),
                arguments("homebridge config.json", HOMEBRIDGE, RingCredentials.Source.HOMEBRIDGE_CONFIG, true, true),
                arguments("homebridge config with a raw JWT",
                        "{\"platforms\":[{\"platform\":\"Ring\",\"refreshToken\":\"" + RT + "\"}]}",
                        RingCredentials.Source.HOMEBRIDGE_CONFIG, false, false),
                arguments("homebridge config with a byte-order mark", "\uFEFF" + HOMEBRIDGE,
                        RingCredentials.Source.HOMEBRIDGE_CONFIG, true, true),
                arguments("bare JSON with refreshToken", "{\"refreshToken\":\"" + ENCODED_NO_PNC + "\"}",
                        RingCredentials.Source.REFRESH_TOKEN_JSON, true, false),
                arguments("decoded token JSON", AUTH_CONFIG, RingCredentials.Source.AUTH_CONFIG_JSON, true, true),
                arguments("encoded token whose rt is not a JWT", base64("{\"rt\":\"opaque-token\"}"),
                        RingCredentials.Source.ENCODED_TOKEN, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parsesEveryForm(String name, String input, RingCredentials.Source source, boolean hid, boolean pnc) {
        RingCredentials c = RingCredentials.parse(input);
        assertEquals(source, c.source());
        assertEquals(hid ? Optional.of(HID) : Optional.empty(), c.hardwareId());
        assertEquals(pnc, c.push().isPresent());
        assertEquals(pnc ? Optional.of(KEYS) : Optional.empty(), c.webPushKeys());
        if (!name.contains("rt is not a JWT")) {
            assertEquals(RT, c.refreshToken());
        }
        assertNoSecret(c.toString());
        assertNoSecret(c.describe());
        c.push().ifPresent(p -> assertNoSecret(p.toString()));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("empty", "  ", "the input is empty"),
                arguments("garbage", "hello world " + SECURITY_TOKEN, "neither a ring-client-api encoded token"),
                arguments("base64 of something else", base64("just text " + FCM_TOKEN),
                        "neither a ring-client-api encoded token"),
                arguments("base64 of JSON without rt", base64("{\"token\":\"" + FCM_TOKEN + "\"}"),
                        "neither a ring-client-api encoded token"),
                arguments("two-segment token", "eyJhbGciOiJSUzI1NiJ9.eyJ0eXBlIjoieCJ9", "neither"),
                arguments("not JSON", "{\"platforms\": [ " + GCM_TOKEN, "the input is not JSON (line 1, column"),
                arguments("not JSON with a secret as a bare word", "{" + FIS_REFRESH + "}", "is not JSON"),
                arguments("JSON array", "[1,2]", "is JSON but not an object"),
                arguments("config without a Ring platform",
                        "{\"platforms\":[{\"platform\":\"config\"},{\"platform\":\"HomeKitCamera\"},{}]}",
                        "no platform with \"platform\": \"Ring\" (platforms: config, HomeKitCamera, (unnamed))"),
                arguments("config without platforms", "{\"platforms\":[]}", "(no platforms)"),
                arguments("Ring platform without refreshToken", "{\"platforms\":[{\"platform\":\"Ring\"}]}",
                        "the Ring platform has no refreshToken"),
                arguments("Ring platform with a bad refreshToken",
                        "{\"platforms\":[{\"platform\":\"Ring\",\"refreshToken\":\"" + GCM_TOKEN + "\"}]}",
                        "Ring platform refreshToken is neither"),
                arguments("JSON without anything known", "{\"accessToken\":\"" + FCM_TOKEN + "\"}",
                        "JSON without \"platforms\", \"refreshToken\" or \"rt\""),
                arguments("refreshToken not a string", "{\"refreshToken\":42}", "refreshToken is not a non-empty"),
                arguments("rt not a string", "{\"rt\":{}}", "\"rt\" is not a non-empty string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithAClearMessageThatHoldsNoSecret(String name, String input, String message) {
        CredentialsFormatException e = assertThrows(CredentialsFormatException.class,
                () -> RingCredentials.parse(input));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertNoSecret(e.getMessage());
    }

    @Test
    void describeNamesClaimsAndPartsWithoutSecrets() {
        String d = RingCredentials.parse(HOMEBRIDGE).describe();
        assertEquals(String.join("\n",
                "source: homebridge config, Ring platform refreshToken (rt, hid, pnc)",
                "rt: JWT RS256 kid=1a2b3c4d, type=refresh-token, refresh_cid=ring_official_android,"
                        + " iat=2025-03-01T10:00:00Z, oiat=2025-03-01T03:33:20Z, no exp, session_id=" + SESSION
                        + ", user=" + JwtClaims.fingerprint(USER_ID)
                        + ", iss=RingOauthService-prod:us-east-1:5b1a0c2e",
                "hid: " + HID,
                "pnc: keys(privateKey, publicKey, authSecret); gcm(token, androidId, securityToken, appId);"
                        + " fcm(token, installation(token, refreshToken, fid, createdAt=2025-03-01T10:01:00Z,"
                        + " expires=2025-03-08T10:01:00Z)); config(bundleId=receiver.push.com, projectId=ring-17770,"
                        + " vapidKey=)"), d);
        assertNoSecret(d);
        assertTrue(JwtClaims.fingerprint(USER_ID).matches("sha256:[0-9a-f]{12}"));

        String bare = RingCredentials.parse(base64("{\"rt\":\"opaque-secret-token\"}")).describe();
        assertTrue(bare.contains("rt: not a JWT (19 characters)"), bare);
        assertFalse(bare.contains("opaque-secret-token"), bare);
        assertTrue(bare.contains("pnc: absent"), bare);
    }

    @Test
    void pushKeysFromTheTokenDecryptAPush() {
        RingCredentials c = RingCredentials.parse(ENCODED);
        WebPushMessage m = WebPushEncryptor.encrypt(KEYS.publicKey(), KEYS.authSecret(),
                "{\"data\":{}}".getBytes(StandardCharsets.UTF_8), new SecureRandom());
        assertEquals(new WebPushDecryption.Decrypted("{\"data\":{}}"),
                WebPushDecryptor.decrypt(c.webPushKeys().orElseThrow(), m.appData(), m.rawData()));
        assertEquals(ANDROID_ID, c.push().orElseThrow().gcm().orElseThrow().androidId());
        assertEquals(SECURITY_TOKEN, c.push().orElseThrow().gcm().orElseThrow().securityToken());
    }

    @Test
    void malformedPushKeysAreAClearErrorWithoutTheKey() {
        String broken = base64("{\"rt\":\"" + RT + "\",\"pnc\":{\"keys\":{\"privateKey\":\"" + FIS_REFRESH
                + "\",\"publicKey\":\"" + KEYS.publicKeyBase64Url() + "\",\"authSecret\":\"" + KEYS.authSecretBase64Url()
                + "\"}}}");
        RingCredentials c = RingCredentials.parse(broken);
        CredentialsFormatException e = assertThrows(CredentialsFormatException.class, c::webPushKeys);
        assertTrue(e.getMessage().startsWith("pnc.keys: privateKey"), e.getMessage());
        assertNoSecret(e.getMessage());
    }

    @Test
    void readsFiles(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), HOMEBRIDGE);
        assertEquals(RingCredentials.Source.HOMEBRIDGE_CONFIG, RingCredentials.read(config).source());
        Path token = Files.writeString(dir.resolve("token.txt"), ENCODED + "\n");
        assertEquals(RingCredentials.Source.ENCODED_TOKEN, RingCredentials.read(token).source());

        Path text = Files.writeString(dir.resolve("notes.txt"), "my token is " + GCM_TOKEN);
        CredentialsFormatException e = assertThrows(CredentialsFormatException.class, () -> RingCredentials.read(text));
        assertEquals(text + " is not JSON, and not a Ring token either", e.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"platforms\": [\n    " + FCM_TOKEN);
        e = assertThrows(CredentialsFormatException.class, () -> RingCredentials.read(broken));
        assertTrue(e.getMessage().startsWith(broken + " is not JSON (line 3"), e.getMessage());
        assertNoSecret(e.getMessage());
    }

    @Test
    void jwtClaimsNeedAHeaderWithAnAlg() {
        assertTrue(JwtClaims.looksLikeJwt(RT));
        assertFalse(JwtClaims.looksLikeJwt(ENCODED));
        assertFalse(JwtClaims.looksLikeJwt(jwt("{\"typ\":\"JWT\"}", "{}") + ".x"));
        assertFalse(JwtClaims.looksLikeJwt("a.b.c"));
        assertEquals(Optional.empty(), JwtClaims.decode(jwt("{\"alg\":\"none\"}", "[1]") + "."));
        JwtClaims access = JwtClaims.decode(jwt("{\"alg\":\"HS512\"}",
                "{\"cid\":\"ring_official_android\",\"user_id\":" + USER_ID + ",\"exp\":1740826800}") + ".s")
                .orElseThrow();
        assertEquals(Optional.of("ring_official_android"), access.clientId());
        assertEquals(Optional.of(JwtClaims.fingerprint(USER_ID)), access.userIdHash());
        assertEquals(1740826800L, access.expiresAt().orElseThrow());
    }

    private static void assertNoSecret(String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), () -> "leaks a secret: " + text);
        }
    }
}
