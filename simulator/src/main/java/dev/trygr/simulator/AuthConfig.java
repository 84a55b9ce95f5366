package dev.trygr.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * ring-client-api's encoded refresh token (§3): standard base64 of {@code {"rt":…,"hid":…,"pnc":…}}, what
 * {@code onRefreshTokenUpdated} emits and homebridge-ring saves as {@code refreshToken}.
 *
 * @param rt  the raw Ring refresh token (a JWT)
 * @param hid the hardware id; null when absent
 * @param pnc the push credentials; null until the first FCM registration
 */
@JsonPropertyOrder({"rt", "hid", "pnc"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthConfig(String rt, String hid, PushCredentials pnc) {

    public AuthConfig {
        Objects.requireNonNull(rt, "rt");
    }

    /** {@code toBase64(JSON.stringify(authConfig))}. */
    public String encode() {
        return Base64.getEncoder().encodeToString(SimJson.bytes(this));
    }

    /**
     * ring-client-api's {@code parseAuthConfig}: base64 JSON with an {@code rt}, or else the whole string is a raw
     * Ring refresh token.
     */
    public static AuthConfig decode(String configured) {
        try {
            JsonNode node = SimJson.parse(new String(Base64.getDecoder().decode(configured.strip()),
                    StandardCharsets.UTF_8));
            if (node.hasNonNull("rt")) {
                return SimJson.MAPPER.treeToValue(node, AuthConfig.class);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a wrapped token
        }
        return new AuthConfig(configured.strip(), null, null);
    }

    public AuthConfig withRefreshToken(String refreshToken) {
        return new AuthConfig(refreshToken, hid, pnc);
    }

    public AuthConfig withPushCredentials(PushCredentials credentials) {
        return new AuthConfig(rt, hid, credentials);
    }

    @Override
    public String toString() {
        return "AuthConfig[rt=" + Secrets.fingerprint(rt) + ", hid=" + hid + ", pnc=" + pnc + "]";
    }
}
