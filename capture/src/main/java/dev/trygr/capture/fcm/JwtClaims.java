package dev.trygr.capture.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The non-secret claims of a Ring OAuth JWT (ring-protocol.md §2.3), decoded <em>without</em> verifying the
 * signature. User ids are kept only as a short SHA-256 prefix; the token itself is not kept.
 *
 * @param userIdHash {@code sha256:} and 12 hex digits of the SHA-256 of {@code refresh_user_id} (or {@code user_id})
 */
public record JwtClaims(
        String algorithm,
        Optional<String> keyId,
        Optional<String> type,
        Optional<String> issuer,
        OptionalLong issuedAt,
        OptionalLong originalIssuedAt,
        OptionalLong expiresAt,
        Optional<String> sessionId,
        Optional<String> refreshClientId,
        Optional<String> clientId,
        Optional<String> userIdHash) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether {@code token} has the shape of a JWT: three base64url segments and a JSON header naming an alg. */
    public static boolean looksLikeJwt(String token) {
        return header(token).isPresent();
    }

    /** The claims of {@code token}, or empty if it is not a JWT with a JSON object payload. */
    public static Optional<JwtClaims> decode(String token) {
        Optional<JsonNode> header = header(token);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> payload = segment(token.split("\\.", -1)[1]);
        if (payload.isEmpty() || !payload.get().isObject()) {
            return Optional.empty();
        }
        JsonNode h = header.get();
        JsonNode p = payload.get();
        Optional<String> userId = text(p, "refresh_user_id").or(() -> text(p, "user_id"));
        return Optional.of(new JwtClaims(
                h.get("alg").asText(),
                text(h, "kid"),
                text(p, "type"),
                text(p, "iss"),
                number(p, "iat"),
                number(p, "oiat"),
                number(p, "exp"),
                text(p, "session_id"),
                text(p, "refresh_cid"),
                text(p, "cid"),
                userId.map(JwtClaims::fingerprint)));
    }

    /** {@code sha256:} and the first 12 hex digits of the SHA-256 of {@code value}. */
    static String fingerprint(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Optional<JsonNode> header(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return segment(parts[0]).filter(h -> h.isObject() && h.path("alg").isTextual());
    }

    private static Optional<JsonNode> segment(String part) {
        Optional<byte[]> bytes = Base64Url.decode(part);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(bytes.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? Optional.empty() : Optional.of(v.asText());
    }

    private static OptionalLong number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }
}
