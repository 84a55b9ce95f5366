package dev.trygr.capture.fcm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one JWT decoding path both {@code JwtClaims} records read from. */
class DecodedJwtTest {
    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerAndPayloadAreJsonObjectsAndTheSignatureIsNotKept() {
        DecodedJwt jwt = DecodedJwt.decode(part("{\"alg\":\"RS256\"}") + "." + part("{\"user_id\":\"u-1\"}") + ".sig")
                .orElseThrow();
        assertEquals("RS256", jwt.header().get("alg").asText());
        assertEquals("u-1", jwt.payload().get("user_id").asText());
        assertFalse(jwt.toString().contains("u-1"), jwt.toString());
    }

    @Test
    void theHeaderAloneNeedsOnlyANonEmptyPayloadSegment() {
        String token = part("{\"alg\":\"HS512\"}") + ".!!!.sig";
        assertEquals(Optional.empty(), DecodedJwt.decode(token));
        assertTrue(DecodedJwt.decodeHeader(token).isPresent());
        assertEquals(Optional.empty(), DecodedJwt.decodeHeader(part("{\"alg\":\"HS512\"}") + "..sig"));
    }
}
