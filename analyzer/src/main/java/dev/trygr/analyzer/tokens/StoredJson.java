package dev.trygr.analyzer.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Reads the JSON columns of {@code token_events} and {@code fcm_events} ({@code claims}, {@code detail}). */
final class StoredJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredJson() {
    }

    /** The column's object, or a missing node when it is NULL or not JSON (a damaged row is read as empty). */
    static JsonNode parse(String column) {
        if (column == null || column.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(column);
            return node == null || !node.isObject() ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The claims of one role ({@code presented}, {@code access}, {@code refresh}) in a parsed claims column. */
    static TokenClaims claims(JsonNode claims, String role) {
        JsonNode c = claims.path(role);
        if (!c.isObject()) {
            return null;
        }
        TokenClaims out = new TokenClaims(number(c, "iat"), number(c, "oiat"), text(c, "session_id"), text(c, "kid"));
        return out.iat() == null && out.ringSession() == null ? null : out;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    static Long number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null;
    }
}
