package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.ring.RingEvent.FcmRegistered;
import dev.trygr.capture.ring.RingEvent.FirebaseInstalled;
import dev.trygr.capture.ring.RingEvent.GcmRegistered;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The FCM HTTP calls push-receiver makes to set up push (research §5.3–5.5): GCM register3, Firebase
 * installations, FCM registrations. Checkin (protobuf) is {@link CheckinRecognizer}.
 */
final class FcmRecognizer {
    static final String GCM_HOST = "android.clients.google.com";
    static final String FIS_HOST = "firebaseinstallations.googleapis.com";
    static final String FCM_HOST = "fcmregistrations.googleapis.com";
    private static final String PROJECTS = "/v1/projects/";

    private FcmRecognizer() {
    }

    static void recognize(FlowView v, UnaryOperator<String> fingerprint, List<RingEvent> out) {
        if (!v.method().equals("POST")) {
            return;
        }
        String host = v.host();
        if (host.equals(GCM_HOST) && v.path().equals("/c2dm/register3")) {
            out.add(register3(v, fingerprint));
        } else if (host.equals(FIS_HOST) && project(v.path(), "/installations") != null) {
            out.add(installation(v, fingerprint));
        } else if (host.equals(FCM_HOST) && project(v.path(), "/registrations") != null) {
            out.add(registration(v, fingerprint));
        }
    }

    private static GcmRegistered register3(FlowView v, UnaryOperator<String> fingerprint) {
        Map<String, String> form = v.requestForm();
        String androidId = FlowView.blankToNull(form.get("device"));
        String securityToken = null;
        String authorization = v.requestHeader("Authorization");
        if (authorization != null && authorization.strip().regionMatches(true, 0, "AidLogin ", 0, 9)) {
            String credentials = authorization.strip().substring(9).strip();
            int colon = credentials.indexOf(':');
            if (colon > 0) {
                androidId = androidId != null ? androidId : credentials.substring(0, colon);
                securityToken = credentials.substring(colon + 1);
            }
        }
        String token = null;
        String error = null;
        if (!v.noResponse()) {
            Map<String, String> answer = FlowView.form(v.responseBody().text().strip());
            token = FlowView.blankToNull(answer.get("token"));
            error = FlowView.cap(answer.get("Error"));
            if (token != null && v.responseCut()) {
                token = null; // the token may itself be cut short
            }
        }
        return new GcmRegistered(v.at(), v.client(null), CallOutcome.of(v, token != null && error == null),
                v.status(), FlowView.cap(form.get("app")), FlowView.cap(form.get("X-subtype")),
                FlowView.cap(form.get("sender")), FlowView.cap(androidId),
                FlowView.fingerprint(securityToken, fingerprint), FlowView.fingerprint(token, fingerprint), error);
    }

    private static FirebaseInstalled installation(FlowView v, UnaryOperator<String> fingerprint) {
        ObjectNode request = v.requestJson();
        ObjectNode answer = v.noResponse() ? null : v.responseJson().object();
        JsonNode authToken = FlowView.object(answer, "authToken");
        String token = FlowView.text(authToken, "token");
        String fid = FlowView.text(answer, "fid");
        return new FirebaseInstalled(v.at(), v.client(null), CallOutcome.of(v, token != null), v.status(),
                FlowView.cap(project(v.path(), "/installations")), FlowView.cap(FlowView.text(request, "appId")),
                FlowView.cap(fid != null ? fid : FlowView.text(request, "fid")),
                FlowView.fingerprint(token, fingerprint),
                FlowView.fingerprint(FlowView.text(answer, "refreshToken"), fingerprint),
                seconds(FlowView.text(authToken, "expiresIn")), error(answer));
    }

    private static FcmRegistered registration(FlowView v, UnaryOperator<String> fingerprint) {
        JsonNode web = FlowView.object(v.requestJson(), "web");
        String endpoint = FlowView.text(web, "endpoint");
        String gcmToken = null;
        String shownEndpoint = null;
        if (endpoint != null) {
            int slash = endpoint.lastIndexOf('/');
            String last = endpoint.substring(slash + 1);
            gcmToken = FlowView.fingerprint(last, fingerprint);
            shownEndpoint = FlowView.cap(endpoint.substring(0, slash + 1))
                    + (gcmToken == null ? "" : "REDACTED:gcm-token:" + RingEvent.shortFingerprint(gcmToken));
        }
        ObjectNode answer = v.noResponse() ? null : v.responseJson().object();
        String token = FlowView.text(answer, "token");
        return new FcmRegistered(v.at(), v.client(null), CallOutcome.of(v, token != null), v.status(),
                FlowView.cap(project(v.path(), "/registrations")), shownEndpoint, gcmToken,
                FlowView.cap(FlowView.text(web, "p256dh")),
                FlowView.fingerprint(FlowView.text(web, "auth"), fingerprint),
                FlowView.fingerprint(v.requestHeader("x-goog-firebase-installations-auth"), fingerprint),
                FlowView.fingerprint(token, fingerprint), error(answer));
    }

    /** The project id of {@code /v1/projects/{id}<suffix>}, or null when the path is not that. */
    static String project(String path, String suffix) {
        if (!path.startsWith(PROJECTS) || !path.endsWith(suffix)) {
            return null;
        }
        String id = path.substring(PROJECTS.length(), path.length() - suffix.length());
        return id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
    }

    /** {@code "604800s"} → 604800; null when not that shape. */
    static Long seconds(String duration) {
        if (duration == null) {
            return null;
        }
        String s = duration.strip();
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        int dot = s.indexOf('.');
        return FlowView.parseLong(dot < 0 ? s : s.substring(0, dot));
    }

    /** Google's {@code {"error":{"message":…}}} (or a plain string error), or null. */
    private static String error(ObjectNode answer) {
        if (answer == null) {
            return null;
        }
        JsonNode error = answer.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        if (error.isObject()) {
            String message = FlowView.text(error, "message");
            return FlowView.cap(message != null ? message : FlowView.text(error, "status"));
        }
        return FlowView.cap(error.isContainerNode() ? error.toString() : error.asText());
    }
}
