package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.ring.RingEvent.TokenGrantCompleted;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code POST oauth.ring.com/oauth/token} (research §2): which grant, which token was presented, what Ring
 * answered and which tokens it issued. The request body is JSON (ring-client-api) or a form (other clients).
 */
final class OAuthRecognizer {
    static final String HOST = "oauth.ring.com";
    static final String PATH = "/oauth/token";

    private OAuthRecognizer() {
    }

    static boolean matches(FlowView v) {
        return v.host().equals(HOST) && v.path().equals(PATH) && v.method().equals("POST");
    }

    static TokenGrantCompleted recognize(FlowView v, UnaryOperator<String> fingerprint) {
        Map<String, String> fields = requestFields(v);
        String grantType = FlowView.cap(fields.get("grant_type"));
        String refresh = fields.get("refresh_token");
        Grant grant = grant(grantType, refresh, v.requestHeader("2fa-code"));
        String presented = FlowView.fingerprint(refresh, fingerprint);
        JwtClaims presentedClaims = refresh == null ? null : JwtClaims.decode(refresh, fingerprint).orElse(null);

        LenientJson.Parsed parsed = v.noResponse() ? LenientJson.Parsed.NONE : v.responseJson();
        ObjectNode body = parsed.object();
        String access = FlowView.text(body, "access_token");
        String issuedRefresh = FlowView.text(body, "refresh_token");
        String error = FlowView.cap(FlowView.text(body, "error"));
        if (error == null && body == null && !v.noResponse() && v.status() != 200
                && v.responseBody().bytes().length > 0) {
            // 406 HTML from a rate limiter and the like; the body itself is not kept (it could echo anything)
            String type = v.responseHeader("Content-Type");
            error = FlowView.cap("non-JSON answer" + (type == null ? "" : " (" + type + ")"));
        }
        GrantOutcome outcome = outcome(v, access, error);
        return new TokenGrantCompleted(v.at(), v.client(null), grant, grantType, outcome, v.status(), presented,
                presentedClaims, null, FlowView.fingerprint(access, fingerprint), claims(access, fingerprint),
                FlowView.fingerprint(issuedRefresh, fingerprint), claims(issuedRefresh, fingerprint),
                FlowView.integer(body, "expires_in"), error,
                FlowView.cap(FlowView.text(body, "error_description")),
                FlowView.cap(FlowView.text(body, "tsv_state")));
    }

    private static JwtClaims claims(String token, UnaryOperator<String> fingerprint) {
        return token == null ? null : JwtClaims.decode(token, fingerprint).orElse(null);
    }

    /** The grant fields from a JSON or form body; empty when the body is neither. */
    private static Map<String, String> requestFields(FlowView v) {
        ObjectNode json = v.requestJson();
        if (json != null) {
            Map<String, String> out = new HashMap<>();
            for (String name : new String[] {"grant_type", "refresh_token"}) {
                JsonNode node = json.get(name);
                if (node != null && node.isTextual()) {
                    out.put(name, node.asText());
                }
            }
            return out;
        }
        FlowView.Body body = v.requestBody();
        String text = body.text();
        if (!body.complete()) {
            int amp = text.lastIndexOf('&');
            text = amp < 0 ? "" : text.substring(0, amp); // the last value may be cut: a wrong fingerprint is worse
        }
        return text.indexOf('=') > 0 && !text.startsWith("{") ? FlowView.form(text) : Map.of();
    }

    static Grant grant(String grantType, String refresh, String twoFactorCode) {
        if ("password".equals(grantType)) {
            return twoFactorCode != null && !twoFactorCode.isBlank() ? Grant.PASSWORD_2FA : Grant.PASSWORD;
        }
        if ("refresh_token".equals(grantType) || (grantType == null && refresh != null)) {
            return Grant.REFRESH_TOKEN;
        }
        return Grant.OTHER;
    }

    private static GrantOutcome outcome(FlowView v, String access, String error) {
        if (v.noResponse()) {
            return GrantOutcome.NO_RESPONSE;
        }
        int status = v.status();
        if (status == 200) {
            if (v.responseCut()) {
                return GrantOutcome.CUT_OFF;
            }
            return access != null ? GrantOutcome.OK : GrantOutcome.OTHER;
        }
        if (status == 412) {
            return GrantOutcome.TWO_FA_REQUIRED;
        }
        String challenge = Optional.ofNullable(v.responseHeader("WWW-Authenticate")).orElse("");
        if (status == 400 && (startsWith(error, "Verification Code") || challenge.contains("Verification Code"))) {
            return GrantOutcome.BAD_CODE;
        }
        if (status == 401 && "invalid_grant".equals(error)) {
            return GrantOutcome.INVALID_GRANT;
        }
        if (status == 401 && "access_denied".equals(error)) {
            return GrantOutcome.ACCESS_DENIED;
        }
        return GrantOutcome.OTHER;
    }

    private static boolean startsWith(String s, String prefix) {
        return s != null && s.startsWith(prefix);
    }
}
