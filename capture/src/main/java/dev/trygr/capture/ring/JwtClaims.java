package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.fcm.DecodedJwt;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The claims of a Ring token that matter for its lifecycle, read from the JWT payload without checking the
 * signature (Ring's keys are not public). Both Ring access and refresh tokens are JWTs (research §2.3); refresh
 * tokens carry no {@code exp}. User ids are kept only as fingerprints.
 *
 * @param alg        the header's {@code alg}
 * @param kid        the header's {@code kid} (Ring rotates it)
 * @param iat        issued at, seconds since the epoch
 * @param exp        expires at, seconds since the epoch; null for refresh tokens
 * @param oiat       original issued-at (first login of the chain), when present
 * @param sessionId  {@code session_id}
 * @param hardwareId {@code hardware_id} (access tokens: the header sent at grant time)
 * @param type       {@code type} ({@code refresh-token} on refresh tokens)
 * @param clientId   {@code cid} or {@code refresh_cid}
 * @param issuer     {@code iss}
 * @param userIdFingerprint fingerprint of {@code user_id} or {@code refresh_user_id}
 */
public record JwtClaims(String alg, String kid, Long iat, Long exp, Long oiat, String sessionId, String hardwareId,
                        String type, String clientId, String issuer, String userIdFingerprint) {
    /** Tokens longer than this are not decoded (Ring's are under 2 KiB). */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final int MAX_CLAIM_CHARS = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Decodes a compact JWS ({@code header.payload.signature}, base64url) with {@link DecodedJwt}. Empty for anything
     * else: an opaque token, a JWE, a payload that is not a JSON object, a token too long to be a Ring token.
     */
    public static Optional<JwtClaims> decode(String token, UnaryOperator<String> fingerprint) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        return DecodedJwt.decode(token).map(jwt -> of(jwt.header(), jwt.payload(), fingerprint));
    }

    private static JwtClaims of(JsonNode header, JsonNode payload, UnaryOperator<String> fingerprint) {
        JsonNode user = payload.has("user_id") ? payload.get("user_id") : payload.get("refresh_user_id");
        String userId = user == null || user.isNull() || user.isContainerNode() ? null : user.asText();
        JsonNode cid = payload.has("cid") ? payload.get("cid") : payload.get("refresh_cid");
        return new JwtClaims(text(header.get("alg")), text(header.get("kid")),
                seconds(payload.get("iat")), seconds(payload.get("exp")), seconds(payload.get("oiat")),
                text(payload.get("session_id")), text(payload.get("hardware_id")), text(payload.get("type")),
                text(cid), text(payload.get("iss")),
                userId == null || userId.isEmpty() ? null : fingerprint.apply(userId));
    }

    /** {@code exp} in microseconds, or null. */
    public Long expMicros() {
        return exp == null || exp > Long.MAX_VALUE / 1_000_000L || exp < 0 ? null : exp * 1_000_000L;
    }

    /** The claims as a JSON object (snake_case keys, absent claims left out), as stored. */
    public ObjectNode toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        put(o, "alg", alg);
        put(o, "kid", kid);
        if (iat != null) {
            o.put("iat", iat);
        }
        if (exp != null) {
            o.put("exp", exp);
        }
        if (oiat != null) {
            o.put("oiat", oiat);
        }
        put(o, "session_id", sessionId);
        put(o, "hardware_id", hardwareId);
        put(o, "type", type);
        put(o, "client_id", clientId);
        put(o, "iss", issuer);
        put(o, "user_id_fp", userIdFingerprint);
        return o;
    }

    private static void put(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String s = node.asText();
        return s.length() > MAX_CLAIM_CHARS ? s.substring(0, MAX_CLAIM_CHARS) : s;
    }

    private static Long seconds(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : null;
        }
        double d = node.doubleValue();
        return Double.isFinite(d) && Math.abs(d) < 9.0e15 ? (long) d : null;
    }
}
