package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.Header;
import dev.trygr.capture.fcm.Checkin;
import dev.trygr.capture.fcm.WebPushKeys;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * push-receiver's registration (§5.1–§5.5), as ring-client-api drives it: create keys, GCM checkin, register3,
 * Firebase installation, FCM registration; and the re-checkin with stored credentials that precedes every connect.
 */
final class PushRegistrar {
    static final String API_KEY = "AIzaSyTRYGR-simulated-ring-app-key-0000";
    /** push-receiver's default sender (VAPID) key, used because ring-client-api passes none. */
    static final String DEFAULT_VAPID = "BDOU99-h67HcA6JeFXHbSNMu7e2yNNu3RzoMj8TM4W88jITfq7ZmPvIM1Iv"
            + "-4_l2LxQcYwhqby2xGpWwzjfAnG4";
    private static final String GCM = "android.clients.google.com";
    private static final String FIREBASE_CLIENT = "eyJoZWFydGJlYXRzIjpbXSwidmVyc2lvbiI6Mn0=";
    private static final String CHROME_VERSION = "94.0.4606.51";

    /** The android id and security token a checkin returned, decimal. */
    record CheckinIds(String androidId, String securityToken) {
        @Override
        public String toString() {
            return "CheckinIds[androidId=" + androidId + "]";
        }
    }

    private final HttpsClient http;
    private final SecureRandom random;
    private final Clock clock;

    PushRegistrar(HttpsClient http, SecureRandom random, Clock clock) {
        this.http = http;
        this.random = random;
        this.clock = clock;
    }

    /** The whole sequence for a receiver with nothing stored. */
    PushCredentials register() throws IOException {
        return registerWith(checkin(null));
    }

    /** Everything after the checkin: new keys, GCM, installation, FCM, for an existing android id. */
    PushCredentials registerWith(CheckinIds ids) throws IOException {
        WebPushKeys keys = WebPushKeys.generate(random);
        String appId = "wp:receiver.push.com#" + UUID.randomUUID();
        String gcmToken = register3(ids, appId);
        PushCredentials.Installation installation = install();
        String fcmToken = registerWeb(installation.token(), gcmToken, keys);
        return new PushCredentials(PushCredentials.Keys.of(keys),
                new PushCredentials.Gcm(gcmToken, ids.androidId(), ids.securityToken(), appId),
                new PushCredentials.Fcm(fcmToken, installation), PushCredentials.Config.ring());
    }

    /** {@code POST /checkin}; with stored ids, a re-checkin that must return the same ones. */
    CheckinIds checkin(CheckinIds stored) throws IOException {
        ProtoWriter chromeBuild = new ProtoWriter().varint(1, 2).string(2, CHROME_VERSION).varint(3, 1);
        ProtoWriter checkin = new ProtoWriter().varint(2, 0).string(6, "").string(7, "").string(8, "")
                .varint(9, 0).varint(12, 3).message(13, chromeBuild);
        ProtoWriter request = new ProtoWriter();
        if (stored != null) {
            request.varint(2, Long.parseUnsignedLong(stored.androidId()));
        }
        request.string(3, "").message(4, checkin).string(5, "").string(6, "").varint(7, 0).string(8, "")
                .string(12, "Europe/Prague");
        if (stored != null) {
            request.fixed64(13, Long.parseUnsignedLong(stored.securityToken()));
        }
        request.varint(14, 3).varint(20, 0).string(21, "").varint(22, 0);
        HttpResponse response = http.send(GCM, "POST", "/checkin", List.of(
                new Header("connection", "keep-alive"), new Header("Content-Type", "application/x-protobuf"),
                new Header("accept", "*/*"), new Header("accept-language", "*"), new Header("sec-fetch-mode", "cors"),
                new Header("user-agent", "node"), new Header("accept-encoding", "gzip, deflate")),
                request.toByteArray());
        if (response.status() != 200) {
            throw new IOException("checkin failed: HTTP " + response.status() + " " + RingRestClient.text(response));
        }
        Checkin.Response parsed = Checkin.parseResponse(response.decodedBody())
                .orElseThrow(() -> new IOException("checkin answered with something that is not a checkin response"));
        if (parsed.androidId().isEmpty() || parsed.securityToken().isEmpty()) {
            throw new IOException("checkin response without android id or security token");
        }
        return new CheckinIds(parsed.androidId().get(), parsed.securityToken().get());
    }

    private String register3(CheckinIds ids, String appId) throws IOException {
        String form = "app=org.chromium.linux&X-subtype=" + URLEncoder.encode(appId, StandardCharsets.UTF_8)
                + "&device=" + ids.androidId() + "&sender=" + DEFAULT_VAPID;
        HttpResponse response = http.send(GCM, "POST", "/c2dm/register3", List.of(
                new Header("connection", "keep-alive"),
                new Header("Authorization", "AidLogin " + ids.androidId() + ":" + ids.securityToken()),
                new Header("Content-Type", "application/x-www-form-urlencoded"), new Header("accept", "*/*"),
                new Header("accept-language", "*"), new Header("sec-fetch-mode", "cors"),
                new Header("user-agent", "node"), new Header("accept-encoding", "gzip, deflate")),
                form.getBytes(StandardCharsets.UTF_8));
        String text = RingRestClient.text(response);
        if (response.status() != 200 || text.contains("Error") || !text.startsWith("token=")) {
            throw new IOException("register3 failed: HTTP " + response.status() + " " + text.strip());
        }
        return text.substring("token=".length()).strip();
    }

    private PushCredentials.Installation install() throws IOException {
        byte[] fidBytes = new byte[17];
        random.nextBytes(fidBytes);
        fidBytes[0] = (byte) (0b0111_0000 | (fidBytes[0] & 0x0f));
        String fid = Base64.getEncoder().encodeToString(fidBytes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", FcmEndpoints.RING_APP_ID);
        body.put("authVersion", "FIS_v2");
        body.put("fid", fid);
        body.put("sdkVersion", "w:0.6.6");
        HttpResponse response = http.send("firebaseinstallations.googleapis.com", "POST",
                "/v1/projects/" + FcmEndpoints.PROJECT_ID + "/installations", googleHeaders(null),
                SimJson.bytes(body));
        JsonNode json = RingRestClient.jsonOrEmpty(response);
        if (response.status() != 200) {
            throw new IOException("installations failed: HTTP " + response.status() + " " + json);
        }
        String expires = json.path("authToken").path("expiresIn").asText("604800s").replace("s", "");
        return new PushCredentials.Installation(json.path("authToken").path("token").asText(),
                clock.millis(), Long.parseLong(expires) * 1000, json.path("refreshToken").asText(),
                json.path("fid").asText(fid));
    }

    private String registerWeb(String installationAuth, String gcmToken, WebPushKeys keys) throws IOException {
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("auth", keys.authSecretBase64Url());
        web.put("endpoint", FcmEndpoints.ENDPOINT_PREFIX + gcmToken);
        web.put("p256dh", keys.publicKeyBase64Url());
        HttpResponse response = http.send("fcmregistrations.googleapis.com", "POST",
                "/v1/projects/" + FcmEndpoints.PROJECT_ID + "/registrations", googleHeaders(installationAuth),
                SimJson.bytes(Map.of("web", web)));
        JsonNode json = RingRestClient.jsonOrEmpty(response);
        if (response.status() != 200 || !json.hasNonNull("token")) {
            throw new IOException("registrations failed: HTTP " + response.status() + " "
                    + json.path("error").path("message").asText(""));
        }
        return json.get("token").asText();
    }

    private static List<Header> googleHeaders(String installationAuth) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("connection", "keep-alive"));
        headers.add(new Header("x-goog-api-key", API_KEY));
        if (installationAuth == null) {
            headers.add(new Header("x-firebase-client", FIREBASE_CLIENT));
        } else {
            headers.add(new Header("x-goog-firebase-installations-auth", installationAuth));
        }
        headers.add(new Header("content-type", "text/plain;charset=UTF-8"));
        headers.add(new Header("accept", "*/*"));
        headers.add(new Header("accept-language", "*"));
        headers.add(new Header("sec-fetch-mode", "cors"));
        headers.add(new Header("user-agent", "node"));
        headers.add(new Header("accept-encoding", "gzip, deflate"));
        return headers;
    }
}
