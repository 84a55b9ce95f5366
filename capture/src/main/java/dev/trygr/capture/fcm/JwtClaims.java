package dev.trygr.capture.fcm;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** Whether {@code token} has the shape of a JWT: three base64url segments and a JSON header naming an alg. */
    public static boolean looksLikeJwt(String token) {
        return DecodedJwt.decodeHeader(token).filter(JwtClaims::namesAlg).isPresent();
    }

    /** The claims of {@code token}, or empty if it is not a JWT with a JSON object payload. */
    public static Optional<JwtClaims> decode(String token) {
        return DecodedJwt.decode(token).filter(jwt -> namesAlg(jwt.header())).map(JwtClaims::of);
    }

    private static JwtClaims of(DecodedJwt jwt) {
        JsonNode h = jwt.header();
        JsonNode p = jwt.payload();
        Optional<String> userId = text(p, "refresh_user_id").or(() -> text(p, "user_id"));
        return new JwtClaims(
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
                userId.map(JwtClaims::fingerprint));
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

    private static boolean namesAlg(JsonNode header) {
        return header.path("alg").isTextual();
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
