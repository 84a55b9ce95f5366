package dev.trygr.capture.ring;

import dev.trygr.capture.fcm.Checkin;
import dev.trygr.capture.ring.RingEvent.CheckedIn;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code POST android.clients.google.com/checkin} (research §5.2): the android id and security token a push
 * receiver presents on a re-checkin, and the ones Google hands back. The protobuf is read by {@link Checkin}.
 */
final class CheckinRecognizer {
    static final String PATH = "/checkin";

    private CheckinRecognizer() {
    }

    static boolean matches(FlowView v) {
        return v.host().equals(FcmRecognizer.GCM_HOST) && v.path().equals(PATH) && v.method().equals("POST");
    }

    static CheckedIn recognize(FlowView v, UnaryOperator<String> fingerprint) {
        FlowView.Body sent = v.requestBody();
        Optional<Checkin.Request> request = sent.complete() ? Checkin.parseRequest(sent.bytes()) : Optional.empty();
        Optional<Checkin.Response> response = Optional.empty();
        if (!v.noResponse() && !v.responseCut() && v.status() / 100 == 2) {
            response = Checkin.parseResponse(v.responseBody().bytes());
        }
        String androidId = response.flatMap(Checkin.Response::androidId).orElse(null);
        String securityToken = response.flatMap(Checkin.Response::securityToken).orElse(null);
        return new CheckedIn(v.at(), v.client(null), CallOutcome.of(v, androidId != null), v.status(),
                request.flatMap(Checkin.Request::androidId).orElse(null),
                FlowView.fingerprint(request.flatMap(Checkin.Request::securityToken).orElse(null), fingerprint),
                androidId, FlowView.fingerprint(securityToken, fingerprint), null);
    }
}
