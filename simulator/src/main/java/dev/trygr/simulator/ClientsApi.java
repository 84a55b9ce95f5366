package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * api.ring.com (§4): session, profile, devices, locations, camera health, push-token PATCH and event
 * subscriptions; plus the snapshot host and the app API's location mode. Every call needs a live bearer token.
 */
final class ClientsApi {
    private static final Pattern DOORBOT = Pattern.compile(
            "/clients_api/doorbots/(\\d+)/(health|subscribe|motions_subscribe|unsubscribe|motions_unsubscribe)");
    private static final Pattern SNAPSHOT = Pattern.compile("/snapshots/next/(\\d+)");
    private static final Pattern MODE = Pattern.compile("/api/v1/mode/location/([0-9a-f-]+)");
    /** A 1x1 JPEG-looking body: SOI, a JFIF APP0 marker, EOI. Enough for a content-type check. */
    private static final byte[] TINY_JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F',
        'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xff, (byte) 0xd9};

    private final SimulatedHome home;
    private final TokenLedger ledger;
    private final PushDirectory directory;
    private final HomeDocuments documents;
    private final Consumer<String> log;

    ClientsApi(SimulatedHome home, TokenLedger ledger, PushDirectory directory, Consumer<String> log) {
        this.home = home;
        this.ledger = ledger;
        this.directory = directory;
        this.documents = new HomeDocuments(home);
        this.log = log;
    }

    HttpResponse api(HttpRequest request) {
        Optional<TokenLedger.AccessGrant> grant = authorize(request);
        if (grant.isEmpty()) {
            return unauthorized();
        }
        String path = request.path();
        String method = request.method();
        String hid = request.header("hardware_id").orElse(grant.get().hardwareId());
        if (path.equals("/clients_api/session")) {
            return method.equals("POST") ? session(request) : notAllowed("POST");
        }
        if (path.equals("/clients_api/profile")) {
            return method.equals("GET") ? HttpResponse.json(200, documents.profile(hid)) : notAllowed("GET");
        }
        if (path.equals("/clients_api/ring_devices")) {
            // chunked, as Ring's API gateway sends larger lists
            return method.equals("GET")
                    ? HttpResponse.json(200, documents.ringDevices()).with("Transfer-Encoding", "chunked")
                    : notAllowed("GET");
        }
        if (path.equals("/devices/v1/locations")) {
            return method.equals("GET") ? HttpResponse.json(200, documents.locations()) : notAllowed("GET");
        }
        if (path.equals("/clients_api/device")) {
            return method.equals("PATCH") ? patchDevice(request, hid) : notAllowed("PATCH");
        }
        Matcher doorbot = DOORBOT.matcher(path);
        if (doorbot.matches()) {
            SimulatedHome.Camera camera = home.camera(Long.parseLong(doorbot.group(1)));
            if (camera == null) {
                return notFound();
            }
            if (doorbot.group(2).equals("health")) {
                return method.equals("GET") ? HttpResponse.json(200, documents.health(camera)) : notAllowed("GET");
            }
            return method.equals("POST") ? HttpResponse.json(200, Map.of()) : notAllowed("POST");
        }
        return notFound();
    }

    HttpResponse snapshots(HttpRequest request) {
        if (authorize(request).isEmpty()) {
            return unauthorized();
        }
        Matcher m = SNAPSHOT.matcher(request.path());
        if (!m.matches() || home.camera(Long.parseLong(m.group(1))) == null) {
            return notFound();
        }
        return HttpResponse.of(200, "image/jpeg", TINY_JPEG).with("x-time-millis",
                Long.toString(System.currentTimeMillis()));
    }

    HttpResponse appApi(HttpRequest request) {
        if (authorize(request).isEmpty()) {
            return unauthorized();
        }
        Matcher m = MODE.matcher(request.path());
        if (!m.matches() || !m.group(1).equals(home.location().locationId())) {
            return notFound();
        }
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("mode", "disarmed");
        mode.put("lastUpdateTimeMS", 1_700_000_000_000L);
        mode.put("securityStatus", Map.of());
        return HttpResponse.json(200, mode);
    }

    private HttpResponse session(HttpRequest request) {
        JsonNode body;
        try {
            body = SimJson.parse(request.body());
        } catch (IOException e) {
            return badRequest("malformed JSON body");
        }
        String hid = body.path("device").path("hardware_id").asText("");
        if (hid.isEmpty()) {
            return badRequest("device.hardware_id is required");
        }
        log.accept("session created for hardware id " + hid + " ("
                + body.path("device").path("metadata").path("device_model").asText("?") + ")");
        return HttpResponse.json(201, documents.profile(hid));
    }

    private HttpResponse patchDevice(HttpRequest request, String hid) {
        JsonNode body;
        try {
            body = SimJson.parse(request.body());
        } catch (IOException e) {
            return badRequest("malformed JSON body");
        }
        String token = body.path("device").path("push_notification_token").asText("");
        if (token.isEmpty()) {
            return badRequest("device.push_notification_token is required");
        }
        DevicePatch patch = directory.patch(hid, token);
        log.accept("device " + hid + " sent push token " + Secrets.fingerprint(token)
                + (patch.kept() ? " (Ring pushes to it)" : " (accepted; Ring keeps pushing to the first token)"));
        return HttpResponse.empty(204);
    }

    private Optional<TokenLedger.AccessGrant> authorize(HttpRequest request) {
        String authorization = request.header("authorization").orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return ledger.access(authorization.substring(7).trim());
    }

    private static HttpResponse unauthorized() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", "invalid_token");
        out.put("error_description", "The access token is invalid or has expired");
        return HttpResponse.json(401, out).with("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    private static HttpResponse notFound() {
        return HttpResponse.json(404, Map.of("error", "Not Found"));
    }

    private static HttpResponse badRequest(String why) {
        return HttpResponse.json(400, Map.of("error", why));
    }

    private static HttpResponse notAllowed(String allow) {
        return HttpResponse.json(405, Map.of("error", "Method Not Allowed")).with("Allow", allow);
    }
}
