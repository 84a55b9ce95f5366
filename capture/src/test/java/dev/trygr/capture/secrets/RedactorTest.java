package dev.trygr.capture.secrets;

import dev.trygr.capture.BodyDecoding;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Table tests. Expected values write {@code {kind:secret}} for the marker of {@code secret}, so the tables read
 * like the output: {@code Bearer {bearer:abc}} means {@code Bearer REDACTED:bearer:<12 hex of HMAC("abc")>}.
 */
class RedactorTest {
    private static final byte[] KEY = key((byte) 7);
    private static final Redactor REDACTOR = new Redactor(KEY);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_-]+):([^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }

    /** Replaces every {@code {kind:secret}} with the marker the redactor must produce. */
    private static String expand(String expected) {
        Matcher m = PLACEHOLDER.matcher(expected);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(REDACTOR.marker(m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Stream<Arguments> headerCases() {
        return Stream.of(
                arguments("bearer keeps its scheme", "Authorization", "Bearer abc.def-ghi", "Bearer {bearer:abc.def-ghi}"),
                arguments("header name case-insensitive", "authorization", "Bearer t", "Bearer {bearer:t}"),
                arguments("basic keeps its scheme", "Authorization", "Basic dXNlcjpwYXNz", "Basic {basic:dXNlcjpwYXNz}"),
                arguments("scheme word case kept", "Authorization", "bearer T1", "bearer {bearer:T1}"),
                arguments("odd scheme becomes a safe kind", "Authorization", "Ring$Token xyz",
                        "Ring$Token {authorization:xyz}"),
                arguments("bare token", "Authorization", "abcdef", "{authorization:abcdef}"),
                arguments("digest parameters redacted whole", "Authorization", "Digest username=\"u\", response=\"r\"",
                        "Digest {digest:username=\"u\", response=\"r\"}"),
                arguments("proxy authorization", "Proxy-Authorization", "Basic cHJveHk6cHc=", "Basic {basic:cHJveHk6cHc=}"),
                arguments("empty credentials hide nothing", "Authorization", "Bearer ", "Bearer "),
                arguments("empty authorization", "Authorization", "", ""),
                arguments("cookie names kept", "Cookie", "a=1; b=two", "a={cookie:1}; b={cookie:two}"),
                arguments("empty cookie value kept", "Cookie", "a=; b=2", "a=; b={cookie:2}"),
                arguments("cookie without name", "Cookie", "loneval", "{cookie:loneval}"),
                arguments("set-cookie keeps name and attributes", "Set-Cookie", "sid=xyz; Path=/; HttpOnly; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
                        "sid={cookie:xyz}; Path=/; HttpOnly; Expires=Wed, 21 Oct 2026 07:28:00 GMT"),
                arguments("set-cookie deleting (empty value)", "Set-Cookie", "sid=; Max-Age=0", "sid=; Max-Age=0"),
                arguments("2fa code", "2fa-code", "123456", "{2fa-code:123456}"),
                arguments("empty 2fa code stays empty", "2fa-code", "", ""),
                arguments("firebase installation auth", "x-goog-firebase-installations-auth", "eyJh.x.y", "{fis-auth:eyJh.x.y}"),
                arguments("underscore header untouched", "hardware_id", "6f1c2a9e-1234", "6f1c2a9e-1234"),
                arguments("ordinary header untouched", "User-Agent", "android:com.ringapp", "android:com.ringapp"),
                arguments("already redacted: idempotent", "Authorization", "Bearer REDACTED:bearer:0123456789ab",
                        "Bearer REDACTED:bearer:0123456789ab"),
                arguments("already redacted cookie", "Cookie", "a=REDACTED:cookie:0123456789ab",
                        "a=REDACTED:cookie:0123456789ab"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerCases")
    void headers(String name, String header, String value, String expected) {
        Redacted<Header> r = REDACTOR.header(new Header(header, value));
        assertEquals(new Header(header, expand(expected)), r.value());
        assertEquals(PLACEHOLDER.matcher(expected).results().count(), r.redactions());
    }

    @Test
    void headerListKeepsOrderDuplicatesAndEmptyValues() {
        List<Header> in = List.of(new Header("Cookie", "a=1"), new Header("X-Empty", ""),
                new Header("Cookie", "b=2"), new Header("hardware_id", "h"), new Header("2fa-code", ""));
        Redacted<List<Header>> r = REDACTOR.headers(in);
        assertEquals(List.of(new Header("Cookie", expand("a={cookie:1}")), new Header("X-Empty", ""),
                new Header("Cookie", expand("b={cookie:2}")), new Header("hardware_id", "h"),
                new Header("2fa-code", "")), r.value());
        assertEquals(2, r.redactions());
        List<Header> clean = List.of(new Header("Host", "api.ring.com"));
        assertSame(clean, REDACTOR.headers(clean).value(), "nothing to do, nothing copied");
    }

    static Stream<Arguments> queryCases() {
        return Stream.of(
                arguments("refresh token", "refresh_token=abc&x=1", "refresh_token={refresh_token:abc}&x=1"),
                arguments("percent-decoded before fingerprinting", "a=1&password=p%40ss", "a=1&password={password:p@ss}"),
                arguments("plus is a space", "password=a+b", "password={password:a b}"),
                arguments("name case-insensitive, kind lower", "Access_Token=T", "Access_Token={access_token:T}"),
                arguments("empty value kept", "password=&x=1", "password=&x=1"),
                arguments("no value kept", "password&x=1", "password&x=1"),
                arguments("repeated field", "access_token=a&access_token=b",
                        "access_token={access_token:a}&access_token={access_token:b}"),
                arguments("similar names untouched", "refresh_token_expires=5&my_password_hint=x",
                        "refresh_token_expires=5&my_password_hint=x"),
                arguments("bad percent escape", "password=100%", "password={password:100%}"),
                arguments("empty", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryCases")
    void queries(String name, String query, String expected) {
        assertEquals(expand(expected), REDACTOR.query(query).value());
    }

    static Stream<Arguments> targetCases() {
        return Stream.of(
                arguments("origin form", "/oauth/token?refresh_token=abc", "/oauth/token?refresh_token={refresh_token:abc}"),
                arguments("absolute form", "https://oauth.ring.com/oauth/token?access_token=t&a=b",
                        "https://oauth.ring.com/oauth/token?access_token={access_token:t}&a=b"),
                arguments("fragment kept apart", "/cb?password=p#access_token=x", "/cb?password={password:p}#access_token=x"),
                arguments("no query", "/clients_api/session", "/clients_api/session"),
                arguments("query without secrets", "/x?a=1&b=2", "/x?a=1&b=2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetCases")
    void targets(String name, String target, String expected) {
        assertEquals(expand(expected), REDACTOR.target(target).value());
    }

    @Test
    void nullTargetAndQueryStayNull() {
        assertNull(REDACTOR.target(null).value());
        assertNull(REDACTOR.query(null).value());
    }

    static Stream<Arguments> jsonCases() {
        return Stream.of(
                arguments("top level", "{\"refresh_token\":\"abc\",\"a\":1}", "{\"refresh_token\":\"{refresh_token:abc}\",\"a\":1}", true),
                arguments("nested", "{\"x\":{\"access_token\":\"abc\"},\"y\":[1]}", "{\"x\":{\"access_token\":\"{access_token:abc}\"},\"y\":[1]}", true),
                arguments("whitespace around colon", "{ \"password\" : \"p w\" }", "{ \"password\" : \"{password:p w}\" }", true),
                arguments("escaped value unescaped for fingerprint", "{\"password\":\"a\\\"b\\\\c\\u00e9\"}",
                        "{\"password\":\"{password:a\"b\\cé}\"}", true),
                arguments("escaped key", "{\"refresh\\u005ftoken\":\"abc\"}", "{\"refresh\\u005ftoken\":\"{refresh_token:abc}\"}", true),
                arguments("numeric password becomes a string", "{\"password\":12345,\"n\":2}", "{\"password\":\"{password:12345}\",\"n\":2}", true),
                arguments("array of objects", "[{\"access_token\":\"a\"},{\"access_token\":\"b\"}]",
                        "[{\"access_token\":\"{access_token:a}\"},{\"access_token\":\"{access_token:b}\"}]", true),
                arguments("cut inside the value", "{\"ok\":1,\"refresh_token\":\"abcd", "{\"ok\":1,\"refresh_token\":\"{refresh_token:abcd}", false),
                arguments("cut after the colon", "{\"refresh_token\":", "{\"refresh_token\":", false),
                arguments("cut inside a key", "{\"refresh_tok", "{\"refresh_tok", false),
                arguments("secret-looking text inside a string", "{\"note\":\"\\\"password\\\":\\\"x\\\"\"}",
                        "{\"note\":\"\\\"password\\\":\\\"x\\\"\"}", true),
                arguments("null kept", "{\"password\":null}", "{\"password\":null}", true),
                arguments("empty kept", "{\"password\":\"\"}", "{\"password\":\"\"}", true),
                arguments("similar names untouched", "{\"refresh_token_expires_in\":5,\"token_type\":\"Bearer\"}",
                        "{\"refresh_token_expires_in\":5,\"token_type\":\"Bearer\"}", true),
                arguments("object value untouched", "{\"password\":{\"hash\":\"h\"}}", "{\"password\":{\"hash\":\"h\"}}", true),
                arguments("non-ASCII around kept byte for byte", "{\"name\":\"Zoë ☃\",\"password\":\"pä\"}",
                        "{\"name\":\"Zoë ☃\",\"password\":\"{password:pä}\"}", true),
                arguments("already redacted: idempotent", "{\"password\":\"REDACTED:password:0123456789ab\"}",
                        "{\"password\":\"REDACTED:password:0123456789ab\"}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonCases")
    void jsonBodies(String name, String json, String expected, boolean valid) throws IOException {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        RedactedBody r = REDACTOR.body(in, !valid, "application/json", null);
        String out = new String(r.data(), StandardCharsets.UTF_8);
        assertEquals(expand(expected), out);
        assertEquals(PLACEHOLDER.matcher(expected).results().count(), r.redactions());
        if (valid) {
            JSON.readTree(r.data()); // still parses
        }
        if (r.redactions() == 0) {
            assertSame(in, r.data(), "untouched bodies are not copied");
        }
    }

    static Stream<Arguments> formCases() {
        return Stream.of(
                arguments("password grant", "grant_type=password&username=u%40x.com&password=s3cr%21t",
                        "grant_type=password&username=u%40x.com&password={password:s3cr!t}"),
                arguments("refresh grant", "grant_type=refresh_token&refresh_token=rt1", "grant_type=refresh_token&refresh_token={refresh_token:rt1}"),
                arguments("cut short", "grant_type=password&password=abc", "grant_type=password&password={password:abc}"),
                arguments("nothing secret", "a=1&b=2", "a=1&b=2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formCases")
    void formBodies(String name, String form, String expected) {
        RedactedBody r = REDACTOR.body(form.getBytes(StandardCharsets.US_ASCII), false,
                "application/x-www-form-urlencoded; charset=UTF-8", null);
        assertEquals(expand(expected), new String(r.data(), StandardCharsets.US_ASCII));
    }

    private static final String TOKEN_JSON = "{\"access_token\":\"A1\",\"refresh_token\":\"R1\",\"expires_in\":3600}";
    private static final String TOKEN_JSON_REDACTED =
            "{\"access_token\":\"{access_token:A1}\",\"refresh_token\":\"{refresh_token:R1}\",\"expires_in\":3600}";

    @Test
    void gzipJsonIsDecodedRedactedAndStoredAsIdentity() throws IOException {
        RedactedBody r = REDACTOR.body(gzip(TOKEN_JSON), false, "application/json; charset=utf-8", "gzip");
        assertEquals(expand(TOKEN_JSON_REDACTED), new String(r.data(), StandardCharsets.UTF_8));
        assertEquals("identity", r.contentEncoding());
        assertEquals("gzip", r.decodedFrom());
        assertEquals(2, r.redactions());
        assertFalse(r.withheld());
    }

    @Test
    void compressedBodyWithoutSecretsIsKeptAsOnTheWire() throws IOException {
        byte[] gz = gzip("{\"ok\":true}");
        RedactedBody r = REDACTOR.body(gz, false, "application/json", "gzip");
        assertSame(gz, r.data());
        assertEquals("gzip", r.contentEncoding());
        assertNull(r.decodedFrom());
        assertTrue(r.unchanged());
    }

    @Test
    void deflateWithAndWithoutZlibWrapperIsDecoded() throws IOException {
        for (boolean raw : new boolean[] {false, true}) {
            RedactedBody r = REDACTOR.body(deflate(TOKEN_JSON, raw), false, "application/json", "deflate");
            assertEquals(expand(TOKEN_JSON_REDACTED), new String(r.data(), StandardCharsets.UTF_8), "raw=" + raw);
            assertEquals("deflate", r.decodedFrom());
        }
    }

    @Test
    void stackedEncodingsAreUndoneInReverse() throws IOException {
        byte[] twice = gzip(deflate(TOKEN_JSON, false));
        RedactedBody r = REDACTOR.body(twice, false, "application/json", "deflate, gzip");
        assertEquals(expand(TOKEN_JSON_REDACTED), new String(r.data(), StandardCharsets.UTF_8));
        assertEquals("deflate, gzip", r.decodedFrom());
    }

    @Test
    void brotliJsonIsDecodedRedactedAndStoredAsIdentity() throws IOException {
        byte[] br;   // made with Debian's brotli 1.0.9: printf '%s' TOKEN_JSON | brotli -c
        try (var in = RedactorTest.class.getResourceAsStream("token.json.br")) {
            br = in.readAllBytes();
        }
        RedactedBody r = REDACTOR.body(br, false, "application/json", "br");
        assertEquals(expand(TOKEN_JSON_REDACTED), new String(r.data(), StandardCharsets.UTF_8));
        assertEquals("identity", r.contentEncoding());
        assertEquals("br", r.decodedFrom());
        assertEquals(2, r.redactions());
    }

    @Test
    void aSecretRepeatedInsideAnotherValueOfTheBodyIsReplacedThereToo() {
        String token = "cAbC:APA91bH-fcm-registration-token-0123456789";
        String body = "{\"name\":\"projects/ring-17770/registrations/" + token + "\",\"token\":\"" + token
                + "\",\"short\":\"x\"}";
        RedactedBody r = REDACTOR.body(body.getBytes(StandardCharsets.UTF_8), false, "application/json", null);
        String stored = new String(r.data(), StandardCharsets.UTF_8);
        String marker = REDACTOR.marker("token", token);
        assertFalse(stored.contains(token), stored);
        assertEquals("{\"name\":\"projects/ring-17770/registrations/" + marker + "\",\"token\":\"" + marker
                + "\",\"short\":\"x\"}", stored);
        assertEquals(2, r.redactions());
    }

    static Stream<Arguments> withheldCases() throws IOException {
        byte[] gz = gzip(TOKEN_JSON);
        return Stream.of(
                arguments("brotli JSON: corrupt", TOKEN_JSON.getBytes(StandardCharsets.UTF_8), false, "application/json", "br"),
                arguments("brotli form: corrupt", "password=x".getBytes(StandardCharsets.US_ASCII), false,
                        "application/x-www-form-urlencoded", "br"),
                arguments("gzip cut short", Arrays.copyOf(gz, gz.length / 2), true, "application/json", "gzip"),
                arguments("gzip corrupt", "not gzip at all".getBytes(StandardCharsets.US_ASCII), false, "application/json", "gzip"),
                // FCM checkin: field 8 (fixed64) is the device's security token, binary, unfindable by name
                arguments("protobuf checkin response", new byte[] {0x41, 1, 2, 3, 4, 5, 6, 7, 8, 0x39, 8, 7, 6, 5, 4,
                    3, 2, 1}, false, "application/x-protobuf", null),
                arguments("protobuf, other spelling", new byte[] {0x08, 0x01}, false, "application/protobuf", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withheldCases")
    void unscannableJsonOrFormIsWithheld(String name, byte[] data, boolean truncated, String type, String encoding) {
        RedactedBody r = REDACTOR.body(data, truncated, type, encoding);
        assertTrue(r.withheld());
        assertEquals(0, r.data().length);
        assertEquals(encoding, r.contentEncoding());
    }

    static Stream<Arguments> untouchedCases() {
        return Stream.of(
                arguments("image never scanned", "image/png", null, "{\"password\":\"x\"}"),
                arguments("html never scanned", "text/html", null, "password=x"),
                arguments("brotli of unknown type kept", null, "br", "\u0000\u0001binary"),
                arguments("plain text that is neither JSON nor form", "text/plain", null, "hello password=x there"),
                arguments("empty body", "application/json", null, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untouchedCases")
    void bodiesLeftAlone(String name, String type, String encoding, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        RedactedBody r = REDACTOR.body(data, false, type, encoding);
        assertSame(data, r.data());
        assertTrue(r.unchanged());
    }

    static Stream<Arguments> sniffedCases() {
        return Stream.of(
                arguments("text/plain JSON (FCM registration style)", "text/plain;charset=UTF-8", "{\"password\":\"p\"}",
                        "{\"password\":\"{password:p}\"}"),
                arguments("no type, JSON", null, " \n[{\"access_token\":\"a\"}]", " \n[{\"access_token\":\"{access_token:a}\"}]"),
                arguments("octet-stream form", "application/octet-stream", "refresh_token=r&x=1", "refresh_token={refresh_token:r}&x=1"),
                arguments("vendor +json", "application/vnd.ring+json", "{\"password\":\"p\"}", "{\"password\":\"{password:p}\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sniffedCases")
    void bodiesSniffedWhenTheTypeSaysLittle(String name, String type, String text, String expected) {
        RedactedBody r = REDACTOR.body(text.getBytes(StandardCharsets.UTF_8), false, type, null);
        assertEquals(expand(expected), new String(r.data(), StandardCharsets.UTF_8));
    }

    @Test
    void bodyTypeAndEncodingCanComeFromHeaders() throws IOException {
        RedactedBody r = REDACTOR.body(gzip(TOKEN_JSON), false,
                List.of(new Header("content-type", "application/json"), new Header("Content-Encoding", "gzip")));
        assertEquals("identity", r.contentEncoding());
        assertEquals(2, r.redactions());
    }

    @Test
    void fingerprintIsHmacSha256UnderTheCaptureKeyInHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("tok€n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, REDACTOR.fingerprint("tok€n"));
        assertEquals("REDACTED:refresh_token:" + expected.substring(0, 12), REDACTOR.marker("refresh_token", "tok€n"));
        assertTrue(Redactor.isMarker(REDACTOR.marker("bearer", "x")));
        assertFalse(Redactor.isMarker("REDACTED:bearer:xyz"));
    }

    @Test
    void anotherKeyGivesOtherFingerprints() {
        byte[] other = new byte[32];
        assertFalse(new Redactor(other).fingerprint("same").equals(REDACTOR.fingerprint("same")));
    }

    @Test
    void markersAreSafeInJsonFormsAndHeaders() {
        String marker = REDACTOR.marker("2fa-code", "\"quoted\" & = ; \n");
        assertTrue(marker.matches("[A-Za-z0-9:_-]+"), marker);
    }

    @Test
    void decompressionBombIsNotDecodedWhole() throws IOException {
        byte[] zeros = new byte[BodyDecoding.MAX_DECODED_BYTES + 1024];
        byte[] bomb = gzip(zeros);
        assertNull(BodyDecoding.decodeWhole(bomb, "gzip"));
        assertTrue(REDACTOR.body(bomb, false, "application/json", "gzip").withheld());
    }

    private static byte[] gzip(String text) throws IOException {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
