package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST https://oauth.ring.com/oauth/token} (§2.1, §2.2): the password grant with SMS two-factor
 * (412 without a code, 400 with a wrong one) and the refresh grant with rotation through the {@link TokenLedger}.
 */
final class OAuthEndpoint {
    static final int EXPIRES_IN = 3600;

    private final SimulatedHome home;
    private final String twoFactorCode;
    private final TokenLedger ledger;

    OAuthEndpoint(SimulatedHome home, String twoFactorCode, TokenLedger ledger) {
        this.home = home;
        this.twoFactorCode = twoFactorCode;
        this.ledger = ledger;
    }

    HttpResponse handle(HttpRequest request) {
        if (!request.path().equals("/oauth/token")) {
            return HttpResponse.json(404, Map.of("error", "not_found"));
        }
        if (!request.method().equals("POST")) {
            return HttpResponse.json(405, Map.of("error", "method_not_allowed")).with("Allow", "POST");
        }
        JsonNode body;
        try {
            body = SimJson.parse(request.body());
        } catch (IOException e) {
            return invalidRequest();
        }
        String hardwareId = request.header("hardware_id").orElse("");
        String grantType = body.path("grant_type").asText("");
        return switch (grantType) {
            case "password" -> passwordGrant(body, request.header("2fa-code").orElse(""), hardwareId);
            case "refresh_token" -> refreshGrant(body, hardwareId);
            default -> invalidRequest();
        };
    }

    private HttpResponse passwordGrant(JsonNode body, String code, String hardwareId) {
        if (!body.hasNonNull("username") || !body.hasNonNull("password")) {
            return invalidRequest();
        }
        if (!home.email().equalsIgnoreCase(body.get("username").asText())
                || !home.password().equals(body.get("password").asText())) {
            return HttpResponse.json(401, error("access_denied", "invalid user credentials"));
        }
        if (code.isEmpty()) {
            Map<String, Object> tsv = new LinkedHashMap<>();
            tsv.put("next_time_in_secs", 60);
            tsv.put("phone", home.maskedPhone());
            tsv.put("tsv_state", "sms");
            return HttpResponse.json(412, tsv);
        }
        if (!code.equals(twoFactorCode)) {
            Map<String, Object> wrong = new LinkedHashMap<>();
            wrong.put("err_msg", "bad request response from dependency service");
            wrong.put("error", "Verification Code is invalid or expired");
            return HttpResponse.json(400, wrong);
        }
        return tokens(ledger.login(hardwareId));
    }

    private HttpResponse refreshGrant(JsonNode body, String hardwareId) {
        String presented = body.path("refresh_token").asText("");
        if (presented.isEmpty()) {
            return invalidRequest();
        }
        TokenLedger.Redemption outcome = ledger.redeem(presented, hardwareId);
        if (outcome instanceof TokenLedger.Rotated rotated) {
            return tokens(rotated.tokens());
        }
        return HttpResponse.json(401, error("invalid_grant", "token is invalid or does not exists"));
    }

    private static HttpResponse tokens(TokenLedger.Tokens tokens) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", tokens.accessToken());
        out.put("expires_in", EXPIRES_IN);
        out.put("refresh_token", tokens.refreshToken());
        out.put("scope", "client");
        out.put("token_type", "Bearer");
        return HttpResponse.json(200, out);
    }

    private static HttpResponse invalidRequest() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", 1);
        out.put("error", "Invalid auth request");
        return HttpResponse.json(400, out);
    }

    private static Map<String, Object> error(String error, String description) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        out.put("error_description", description);
        return out;
    }
}
