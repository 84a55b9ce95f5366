package dev.trygr.capture.fcm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * push-receiver's {@code Credentials} as ring-client-api stores them in the {@code pnc} field of its encoded token
 * (ring-protocol.md §3). Absent strings are empty. Tokens, security tokens, the private key and the auth secret are
 * secrets: no {@code toString} here prints them.
 */
public record PushCredentials(Optional<Keys> keys, Optional<Gcm> gcm, Optional<Fcm> fcm, Map<String, String> config) {

    public PushCredentials {
        config = Map.copyOf(config);
    }

    /** {@code pnc.keys}: base64url strings as stored. */
    public record Keys(String privateKey, String publicKey, String authSecret) {
        /** The keys decoded; throws {@link CredentialsFormatException} naming the bad key, never its value. */
        public WebPushKeys toWebPushKeys() {
            try {
                return WebPushKeys.fromBase64Url(privateKey, publicKey, authSecret);
            } catch (IllegalArgumentException e) {
                throw new CredentialsFormatException("pnc.keys: " + e.getMessage());
            }
        }

        List<String> present() {
            return names("privateKey", privateKey, "publicKey", publicKey, "authSecret", authSecret);
        }

        @Override
        public String toString() {
            return "Keys[publicKey=" + publicKey + ", privateKey=<redacted>, authSecret=<redacted>]";
        }
    }

    /** {@code pnc.gcm}: the GCM registration token, the checkin's android id and security token, the app id. */
    public record Gcm(String token, String androidId, String securityToken, String appId) {
        List<String> present() {
            return names("token", token, "androidId", androidId, "securityToken", securityToken, "appId", appId);
        }

        @Override
        public String toString() {
            return "Gcm[token=" + redacted(token) + ", androidId=" + androidId + ", securityToken="
                    + redacted(securityToken) + ", appId=" + appId + "]";
        }
    }

    /** {@code pnc.fcm}: the FCM registration token (what Ring receives) and the Firebase installation. */
    public record Fcm(String token, Optional<Installation> installation) {
        @Override
        public String toString() {
            return "Fcm[token=" + redacted(token) + ", installation=" + installation + "]";
        }
    }

    /** {@code pnc.fcm.installation}; {@code createdAt} and {@code expiresIn} in milliseconds. */
    public record Installation(String token, OptionalLong createdAt, OptionalLong expiresIn, String refreshToken,
            String fid) {
        List<String> present() {
            return names("token", token, "refreshToken", refreshToken, "fid", fid);
        }

        @Override
        public String toString() {
            return "Installation[token=" + redacted(token) + ", createdAt=" + createdAt + ", expiresIn=" + expiresIn
                    + ", refreshToken=" + redacted(refreshToken) + ", fid=" + fid + "]";
        }
    }

    static PushCredentials fromJson(JsonNode pnc) {
        JsonNode k = object(pnc, "keys");
        JsonNode g = object(pnc, "gcm");
        JsonNode f = object(pnc, "fcm");
        JsonNode c = object(pnc, "config");
        Optional<Keys> keys = k == null ? Optional.empty()
                : Optional.of(new Keys(text(k, "privateKey"), text(k, "publicKey"), text(k, "authSecret")));
        Optional<Gcm> gcm = g == null ? Optional.empty()
                : Optional.of(new Gcm(text(g, "token"), text(g, "androidId"), text(g, "securityToken"),
                        text(g, "appId")));
        Optional<Fcm> fcm = Optional.empty();
        if (f != null) {
            JsonNode i = object(f, "installation");
            Optional<Installation> installation = i == null ? Optional.empty()
                    : Optional.of(new Installation(text(i, "token"), number(i, "createdAt"), number(i, "expiresIn"),
                            text(i, "refreshToken"), text(i, "fid")));
            fcm = Optional.of(new Fcm(text(f, "token"), installation));
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (c != null) {
            c.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    config.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return new PushCredentials(keys, gcm, fcm, config);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v != null && v.isObject() ? v : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    private static OptionalLong number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.canConvertToLong()) {
            return OptionalLong.of(v.asLong());
        }
        if (v != null && v.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(v.asText().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** The names of the non-empty values among name/value pairs. */
    private static List<String> names(String... pairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].isEmpty()) {
                out.add(pairs[i]);
            }
        }
        return out;
    }

    private static String redacted(String secret) {
        return secret.isEmpty() ? "absent" : "<redacted>";
    }

    @Override
    public String toString() {
        return "PushCredentials[keys=" + keys + ", gcm=" + gcm + ", fcm=" + fcm + ", config=" + config + "]";
    }
}
