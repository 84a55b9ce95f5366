package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.fcm.Checkin;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Google's side of push-receiver's registration (§5.2–§5.5): android.clients.google.com {@code /checkin} and
 * {@code /c2dm/register3}, firebaseinstallations.googleapis.com and fcmregistrations.googleapis.com for project
 * {@code ring-17770}.
 */
final class FcmEndpoints {
    static final String PROJECT_ID = "ring-17770";
    static final String SENDER_ID = "876313859327";
    static final String RING_APP_ID = "1:876313859327:android:e10ec6ddb3c81f39";
    static final String ENDPOINT_PREFIX = "https://fcm.googleapis.com/fcm/send/";

    private final PushDirectory directory;
    private final Consumer<String> log;

    FcmEndpoints(PushDirectory directory, Consumer<String> log) {
        this.directory = directory;
        this.log = log;
    }

    HttpResponse checkin(HttpRequest request) {
        if (!request.method().equals("POST")) {
            return HttpResponse.text(405, "text/plain", "Method Not Allowed");
        }
        Optional<Checkin.Request> parsed = Checkin.parseRequest(request.body());
        if (parsed.isEmpty() || request.body().length == 0) {
            return HttpResponse.text(400, "text/plain", "Bad Request: not an AndroidCheckinRequest");
        }
        Checkin.Request checkin = parsed.get();
        long androidId;
        long securityToken;
        if (checkin.androidId().isPresent() && !checkin.androidId().get().equals("0")) {
            androidId = Long.parseUnsignedLong(checkin.androidId().get());
            securityToken = Long.parseUnsignedLong(checkin.securityToken().orElse("0"));
            if (!directory.isValid(androidId, securityToken)) {
                return HttpResponse.text(401, "text/plain", "Unauthorized: unknown android id or security token");
            }
            log.accept("checkin again as android id " + Long.toUnsignedString(androidId));
        } else {
            PushDirectory.Checkin fresh = directory.newCheckin();
            androidId = fresh.androidId();
            securityToken = fresh.securityToken();
            log.accept("checkin issued android id " + Long.toUnsignedString(androidId));
        }
        byte[] body = new ProtoWriter()
                .bool(1, true)
                .varint(3, System.currentTimeMillis())
                .fixed64(7, androidId)
                .fixed64(8, securityToken)
                .toByteArray();
        return HttpResponse.of(200, "application/x-protobuf", body);
    }

    HttpResponse register3(HttpRequest request) {
        if (!request.method().equals("POST")) {
            return HttpResponse.text(405, "text/plain", "Method Not Allowed");
        }
        Optional<long[]> login = aidLogin(request.header("authorization").orElse(""));
        if (login.isEmpty() || !directory.isValid(login.get()[0], login.get()[1])) {
            return HttpResponse.text(401, "text/plain", "Error=AUTHENTICATION_FAILED");
        }
        Map<String, String> form = form(request.bodyText());
        String appId = form.getOrDefault("X-subtype", "");
        String device = form.getOrDefault("device", "");
        if (appId.isEmpty() || !device.equals(Long.toUnsignedString(login.get()[0]))) {
            return HttpResponse.text(400, "text/plain", "Error=INVALID_PARAMETERS");
        }
        PushDirectory.GcmRegistration registration = directory.registerGcm(login.get()[0], appId);
        log.accept("register3 issued a GCM token " + Secrets.fingerprint(registration.token()) + " for " + appId);
        return HttpResponse.text(200, "text/plain; charset=UTF-8", "token=" + registration.token());
    }

    HttpResponse installations(HttpRequest request) {
        if (!request.path().equals("/v1/projects/" + PROJECT_ID + "/installations")) {
            return googleError(404, "NOT_FOUND", "Requested entity was not found.");
        }
        if (!request.method().equals("POST")) {
            return googleError(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
        }
        if (request.header("x-goog-api-key").orElse("").isBlank()) {
            return googleError(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.");
        }
        JsonNode body;
        try {
            body = SimJson.parse(request.body());
        } catch (IOException e) {
            return googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }
        String fid = body.path("fid").asText("");
        if (fid.isEmpty() || !RING_APP_ID.equals(body.path("appId").asText())) {
            return googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
        }
        PushDirectory.Installation installation = directory.install(fid);
        Map<String, Object> authToken = new LinkedHashMap<>();
        authToken.put("token", installation.authToken());
        authToken.put("expiresIn", "604800s");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "projects/" + SENDER_ID + "/installations/" + fid);
        out.put("fid", fid);
        out.put("refreshToken", installation.refreshToken());
        out.put("authToken", authToken);
        log.accept("installations created fid " + fid);
        return HttpResponse.json(200, out);
    }

    HttpResponse registrations(HttpRequest request) {
        if (!request.path().equals("/v1/projects/" + PROJECT_ID + "/registrations")) {
            return googleError(404, "NOT_FOUND", "Requested entity was not found.");
        }
        if (!request.method().equals("POST")) {
            return googleError(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
        }
        if (!directory.isInstallationAuth(request.header("x-goog-firebase-installations-auth").orElse(""))) {
            return googleError(401, "UNAUTHENTICATED",
                    "Request is missing required authentication credential. Expected a valid FIS auth token.");
        }
        JsonNode web;
        try {
            web = SimJson.parse(request.body()).path("web");
        } catch (IOException e) {
            return googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }
        String endpoint = web.path("endpoint").asText("");
        String auth = web.path("auth").asText("");
        String p256dh = web.path("p256dh").asText("");
        Optional<PushDirectory.GcmRegistration> gcm = endpoint.startsWith(ENDPOINT_PREFIX)
                ? directory.gcmRegistration(endpoint.substring(ENDPOINT_PREFIX.length()))
                : Optional.empty();
        if (gcm.isEmpty() || decodedLength(auth) != 16 || decodedLength(p256dh) != 65) {
            return googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
        }
        FcmRegistration registration = directory.registerWeb(gcm.get(), p256dh, auth);
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("endpoint", endpoint);
        echo.put("p256dh", p256dh);
        echo.put("auth", auth);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "projects/" + PROJECT_ID + "/registrations/" + registration.fcmToken());
        out.put("token", registration.fcmToken());
        out.put("web", echo);
        log.accept("registrations issued FCM token " + Secrets.fingerprint(registration.fcmToken())
                + " for android id " + registration.androidId());
        return HttpResponse.json(200, out);
    }

    /** {@code AidLogin <androidId>:<securityToken>} as two unsigned longs. */
    static Optional<long[]> aidLogin(String authorization) {
        if (!authorization.startsWith("AidLogin ")) {
            return Optional.empty();
        }
        String[] parts = authorization.substring("AidLogin ".length()).trim().split(":");
        try {
            return parts.length == 2
                    ? Optional.of(new long[] {Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1])})
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int decodedLength(String base64Url) {
        try {
            return Base64.getUrlDecoder().decode(base64Url).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.putIfAbsent(key, value);
            }
        }
        return out;
    }

    private static HttpResponse googleError(int code, String status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        return HttpResponse.json(code, Map.of("error", error));
    }
}
