package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.ring.RingEvent.BearerPresented;
import dev.trygr.capture.ring.RingEvent.DoorbotSubscribed;
import dev.trygr.capture.ring.RingEvent.RingDeviceUpdated;
import dev.trygr.capture.ring.RingEvent.RingSessionCreated;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Ring API calls (research §4): the session and push-token calls, per-camera push opt-in, and the bearer access
 * token of any call to a Ring API host.
 */
final class RingApiRecognizer {
    private static final String DOORBOTS = "/clients_api/doorbots/";
    private static final Set<String> SUBSCRIBE_ACTIONS = Set.of("subscribe", "motions_subscribe", "unsubscribe",
            "motions_unsubscribe");

    private RingApiRecognizer() {
    }

    /** {@code *.ring.com} (but the OAuth host) and {@code *.rings.solutions}. */
    static boolean matches(FlowView v) {
        String host = v.host();
        return (host.equals("ring.com") || host.endsWith(".ring.com") || host.endsWith(".rings.solutions"))
                && !host.equals(OAuthRecognizer.HOST);
    }

    static void recognize(FlowView v, UnaryOperator<String> fingerprint, List<RingEvent> out) {
        String bearerToken = bearer(v.requestHeader("Authorization"));
        String bearer = FlowView.fingerprint(bearerToken, fingerprint);
        String path = trimSlash(v.path());
        String method = v.method();
        if (bearer != null) {
            // first, so the ledger knows the token (and the hardware_id in its claims) for the call's own event
            out.add(new BearerPresented(v.at(), v.client(null), bearer, JwtClaims.decode(bearerToken, fingerprint)
                    .orElse(null), v.host(), FlowView.cap(v.path()), v.status()));
        }
        if (method.equals("POST") && path.equals("/clients_api/session")) {
            JsonNode device = FlowView.object(v.requestJson(), "device");
            JsonNode metadata = FlowView.object(device, "metadata");
            out.add(new RingSessionCreated(v.at(), v.client(FlowView.text(device, "hardware_id")), v.status(), bearer,
                    FlowView.cap(FlowView.text(metadata, "device_model")), FlowView.cap(FlowView.text(device, "os")),
                    FlowView.integer(metadata, "api_version")));
        } else if (method.equals("PATCH") && path.equals("/clients_api/device")) {
            JsonNode device = FlowView.object(v.requestJson(), "device");
            JsonNode metadata = FlowView.object(device, "metadata");
            out.add(new RingDeviceUpdated(v.at(), v.client(FlowView.text(device, "hardware_id")), v.status(), bearer,
                    FlowView.fingerprint(FlowView.text(device, "push_notification_token"), fingerprint),
                    FlowView.cap(FlowView.text(metadata, "pn_service")),
                    FlowView.cap(FlowView.text(metadata, "pn_dict_version")),
                    FlowView.cap(FlowView.text(metadata, "device_model")), FlowView.cap(FlowView.text(device, "os"))));
        } else if (method.equals("POST") && path.startsWith(DOORBOTS)) {
            String rest = path.substring(DOORBOTS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && SUBSCRIBE_ACTIONS.contains(rest.substring(slash + 1))) {
                out.add(new DoorbotSubscribed(v.at(), v.client(null), v.status(), bearer,
                        FlowView.cap(rest.substring(0, slash)), rest.substring(slash + 1)));
            }
        }
    }

    /**
     * The credentials of {@code Bearer <credentials>}, cut exactly as the redactor cuts them (leading blanks and
     * the blanks after the scheme dropped), so the fingerprint matches the marker in the stored header.
     */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.stripLeading();
        int space = 0;
        while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space))) {
            space++;
        }
        if (space == trimmed.length() || !trimmed.substring(0, space).equalsIgnoreCase("bearer")) {
            return null;
        }
        int start = space;
        while (start < trimmed.length() && Character.isWhitespace(trimmed.charAt(start))) {
            start++;
        }
        String credentials = trimmed.substring(start);
        return credentials.isBlank() ? null : credentials;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
