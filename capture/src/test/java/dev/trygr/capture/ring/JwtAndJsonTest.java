package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The JWT payload decoder and the lenient JSON reader: bad input in, no exception out. */
class JwtAndJsonTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> notJwts() {
        String header = part("{\"alg\":\"RS256\"}");
        return Stream.of(
                arguments("opaque", "abcdef0123456789"),
                arguments("two parts", header + "." + part("{}")),
                arguments("JWE, five parts", header + ".a.b.c.d"),
                arguments("bad base64", header + ".!!!.sig"),
                arguments("payload not JSON", header + "." + part("hello") + ".sig"),
                arguments("payload an array", header + "." + part("[1]") + ".sig"),
                arguments("empty header", "." + part("{}") + ".sig"),
                arguments("too long", header + "." + part("{\"x\":\"" + "y".repeat(20_000) + "\"}") + ".sig"),
                arguments("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notJwts")
    void anythingButACompactJwsHasNoClaims(String name, String token) {
        assertEquals(Optional.empty(), JwtClaims.decode(token, s -> "fp:" + s));
    }

    @Test
    void oddClaimValuesAreDroppedNotFatal() {
        String token = part("{\"alg\":\"HS512\",\"kid\":[1]}") + "." + part("{\"iat\":1e3,\"exp\":"
                + "9".repeat(40) + ",\"oiat\":\"1700000000\",\"session_id\":{\"x\":1},\"hardware_id\":\""
                + "h".repeat(1000) + "\",\"user_id\":98765432109876543210}") + ".sig";
        JwtClaims c = JwtClaims.decode(token, s -> "fp:" + s).orElseThrow();
        assertEquals("HS512", c.alg());
        assertNull(c.kid());
        assertEquals(1000L, c.iat());
        assertNull(c.exp(), "too big for a long");
        assertNull(c.expMicros());
        assertNull(c.oiat(), "a string is not a time");
        assertNull(c.sessionId());
        assertEquals(200, c.hardwareId().length());
        assertEquals("fp:98765432109876543210", c.userIdFingerprint());
        ObjectNode json = c.toJson();
        assertFalse(json.has("exp"));
        assertEquals("fp:98765432109876543210", json.get("user_id_fp").asText());
    }

    @Test
    void paddedAndStandardAlphabetPartsDecodeToo() {
        byte[] json = "{\"iat\":5,\"sub\":\"??>\"}".getBytes(StandardCharsets.UTF_8);
        String payload = Base64.getEncoder().encodeToString(json);
        assertTrue(payload.contains("+") || payload.contains("/") || payload.endsWith("="), payload);
        assertEquals(5L, JwtClaims.decode(part("{}") + "." + payload + ".s", s -> s).orElseThrow().iat());
    }

    static Stream<Arguments> lenient() {
        return Stream.of(
                arguments("whole", "{\"a\":\"x\",\"n\":3600}", true, "{\"a\":\"x\",\"n\":3600}"),
                arguments("cut inside a string", "{\"a\":\"x\",\"b\":\"yy", false, "{\"a\":\"x\"}"),
                arguments("cut after a number", "{\"a\":\"x\",\"n\":36", false, "{\"a\":\"x\"}"),
                arguments("cut after a number and comma", "{\"n\":3600,", false, "{\"n\":3600}"),
                arguments("cut in a nested object", "{\"a\":{\"b\":\"c\",\"d\":", false, "{\"a\":{\"b\":\"c\"}}"),
                arguments("cut in an array", "{\"a\":[\"x\",\"y", false, "{\"a\":[\"x\"]}"),
                arguments("cut in a literal", "{\"a\":tr", false, "{}"),
                arguments("bad token midway", "{\"a\":\"x\", oops}", false, "{\"a\":\"x\"}"),
                arguments("trailing garbage ignored", "{\"a\":1} trailing", true, "{\"a\":1}"),
                arguments("big integer", "{\"a\":123456789012345678901234567890}", true,
                        "{\"a\":123456789012345678901234567890}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenient")
    void lenientJsonKeepsWhatWasReadWhole(String name, String input, boolean complete, String expected) {
        LenientJson.Parsed p = LenientJson.parse(input.getBytes(StandardCharsets.UTF_8));
        assertEquals(complete, p.complete());
        assertEquals(expected, p.root().toString());
    }

    @Test
    void notJsonAtAll() {
        assertNull(LenientJson.parse("<html>".getBytes(StandardCharsets.UTF_8)).root());
        assertNull(LenientJson.parse(new byte[0]).root());
        assertNull(LenientJson.parse(null).root());
        assertNull(LenientJson.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0}).root());
        assertNull(LenientJson.parse("[1,2".getBytes(StandardCharsets.UTF_8)).object());
        LenientJson.Parsed deep = LenientJson.parse("[".repeat(5000).getBytes(StandardCharsets.UTF_8));
        assertFalse(deep.complete());
    }

    @Test
    void elapsedReadsLikeAClock() {
        assertEquals("0s", Elapsed.describe(-5));
        assertEquals("42s", Elapsed.describe(42_000_000L));
        assertEquals("5m12s", Elapsed.describe(312_000_000L));
        assertEquals("3h04m", Elapsed.describe((3 * 3600 + 4 * 60) * 1_000_000L));
        assertEquals("2d03h", Elapsed.describe((2 * 86_400 + 3 * 3600) * 1_000_000L));
    }
}
