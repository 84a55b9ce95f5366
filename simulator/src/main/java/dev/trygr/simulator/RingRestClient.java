package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST half of ring-client-api: the token grants on oauth.ring.com and the bearer calls on api.ring.com,
 * with the headers, header names and body key order ring-client-api 14 sends (§2.1, §4.1–§4.3).
 */
final class RingRestClient {
    static final String USER_AGENT = "android:com.ringapp";
    static final String API = "api.ring.com";
    static final String OAUTH = "oauth.ring.com";
    static final String DEVICE_MODEL = "trygr-simulator";

    /** What a token grant came to. */
    sealed interface Grant permits Granted, NeedsCode, Refused {
    }

    record Granted(String accessToken, String refreshToken, int expiresIn) implements Grant {
        @Override
        public String toString() {
            return "Granted[refresh=" + Secrets.fingerprint(refreshToken) + "]";
        }
    }

    /** 412: a 2FA code was sent to {@code phone}. */
    record NeedsCode(String phone, String tsvState) implements Grant {
    }

    record Refused(int status, String error, String description) implements Grant {
    }

    private final HttpsClient http;
    private final String hardwareId;

    RingRestClient(HttpsClient http, String hardwareId) {
        this.http = http;
        this.hardwareId = hardwareId;
    }

    /** The hardware id this client sends in {@code hardware_id} headers. */
    String hardwareIdForHeaders() {
        return hardwareId;
    }

    /** The password grant; {@code code} null or empty sends an empty {@code 2fa-code} header, as RCA does. */
    Grant passwordGrant(String email, String password, String code) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", TokenMint.CLIENT_ID);
        body.put("scope", "client");
        body.put("grant_type", "password");
        body.put("password", password);
        body.put("username", email);
        return grant(body, code == null ? "" : code);
    }

    Grant refreshGrant(String refreshToken) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", TokenMint.CLIENT_ID);
        body.put("scope", "client");
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        return grant(body, "");
    }

    private Grant grant(Map<String, Object> body, String code) throws IOException {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("connection", "keep-alive"));
        headers.add(new Header("Content-Type", "application/json"));
        headers.add(new Header("Accept", "application/json"));
        headers.add(new Header("2fa-support", "true"));
        headers.add(new Header("2fa-code", code));
        headers.add(new Header("hardware_id", hardwareId));
        headers.add(new Header("User-Agent", USER_AGENT));
        headers.add(new Header("accept-language", "*"));
        headers.add(new Header("sec-fetch-mode", "cors"));
        headers.add(new Header("accept-encoding", "br, gzip, deflate"));
        HttpResponse response = http.send(OAUTH, "POST", "/oauth/token", headers, SimJson.bytes(body));
        JsonNode json = jsonOrEmpty(response);
        if (response.status() == 200) {
            return new Granted(json.path("access_token").asText(), json.path("refresh_token").asText(),
                    json.path("expires_in").asInt(3600));
        }
        if (response.status() == 412) {
            return new NeedsCode(json.path("phone").asText(""), json.path("tsv_state").asText(""));
        }
        return new Refused(response.status(), json.path("error").asText(""),
                json.path("error_description").asText(json.path("err_msg").asText("")));
    }

    /** {@code POST /clients_api/session}: only the bearer and JSON headers, Node's default user agent (§4.2). */
    HttpResponse createSession(String accessToken) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("api_version", 11);
        metadata.put("device_model", DEVICE_MODEL);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("hardware_id", hardwareId);
        device.put("metadata", metadata);
        device.put("os", "android");
        List<Header> headers = List.of(new Header("connection", "keep-alive"),
                new Header("authorization", "Bearer " + accessToken),
                new Header("Content-Type", "application/json"), new Header("Accept", "application/json"),
                new Header("user-agent", "node"), new Header("accept-encoding", "br, gzip, deflate"));
        return http.send(API, "POST", "/clients_api/session", headers, SimJson.bytes(Map.of("device", device)));
    }

    /** {@code PATCH /clients_api/device} with the FCM token (§4.3). */
    HttpResponse patchDevice(String accessToken, String fcmToken) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("api_version", 11);
        metadata.put("device_model", DEVICE_MODEL);
        metadata.put("pn_dict_version", "2.0.0");
        metadata.put("pn_service", "fcm");
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("metadata", metadata);
        device.put("os", "android");
        device.put("push_notification_token", fcmToken);
        return call(accessToken, "PATCH", API, "/clients_api/device", SimJson.bytes(Map.of("device", device)));
    }

    /** A bearer call as RCA's {@code request} makes it: authorization, hardware_id, User-Agent, JSON headers. */
    HttpResponse call(String accessToken, String method, String host, String path, byte[] body) throws IOException {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("connection", "keep-alive"));
        if (body != null) {
            headers.add(new Header("Content-Type", "application/json"));
        }
        headers.add(new Header("Accept", "application/json"));
        headers.add(new Header("authorization", "Bearer " + accessToken));
        headers.add(new Header("hardware_id", hardwareId));
        headers.add(new Header("User-Agent", USER_AGENT));
        headers.add(new Header("accept-language", "*"));
        headers.add(new Header("sec-fetch-mode", "cors"));
        headers.add(new Header("accept-encoding", "br, gzip, deflate"));
        return http.send(host, method, path, headers, body);
    }

    static JsonNode jsonOrEmpty(HttpResponse response) {
        try {
            byte[] body = response.decodedBody();
            return body.length == 0 ? SimJson.object() : SimJson.parse(body);
        } catch (IOException e) {
            return SimJson.object();
        }
    }

    static String text(HttpResponse response) {
        try {
            return response.decodedText();
        } catch (IOException e) {
            return new String(response.body(), StandardCharsets.ISO_8859_1);
        }
    }
}
