package dev.trygr.capture.fcm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The header and payload of a compact JWS ({@code header.payload.signature}), as Ring's OAuth tokens are
 * (ring-protocol.md §2.3): each segment base64url (decoded leniently, see {@link Base64Url}) of a JSON object.
 * Nothing is verified and the signature is not kept. The one JWT decoding path: {@link JwtClaims} here and the
 * Ring recognizers' {@code dev.trygr.capture.ring.JwtClaims} read their claims from it. {@code toString} names no
 * claim.
 */
public record DecodedJwt(ObjectNode header, ObjectNode payload) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The header and payload of {@code token}; empty unless it is three dot-separated segments whose header and
     * payload are base64url JSON objects.
     */
    public static Optional<DecodedJwt> decode(String token) {
        return segments(token).flatMap(s -> object(s[0]).flatMap(h -> object(s[1]).map(p -> new DecodedJwt(h, p))));
    }

    /** The header of {@code token}, by the rules of {@link #decode} but with the payload only required non-empty. */
    public static Optional<ObjectNode> decodeHeader(String token) {
        return segments(token).flatMap(s -> object(s[0]));
    }

    private static Optional<String[]> segments(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        return parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() ? Optional.of(parts) : Optional.empty();
    }

    private static Optional<ObjectNode> object(String segment) {
        Optional<byte[]> json = Base64Url.decode(segment);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return JSON.readTree(new String(json.get(), StandardCharsets.UTF_8)) instanceof ObjectNode o
                    ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "DecodedJwt[alg=" + header.path("alg").asText("?") + ", claims=" + payload.size() + "]";
    }
}
