package dev.trygr.cli.display;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BodyRendererTest {

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("JSON by content type", "{\"a\":1,\"b\":[true,null]}", "application/json",
                        "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}"),
                Arguments.of("JSON with parameters", "[1,2]", "Application/JSON; charset=UTF-8",
                        "[\n  1,\n  2\n]"),
                Arguments.of("+json type", "{\"x\":\"y\"}", "application/vnd.api+json", "{\n  \"x\": \"y\"\n}"),
                Arguments.of("JSON sniffed, no type", " \n{\"access_token\":\"[redacted]\"}", null,
                        "{\n  \"access_token\": \"[redacted]\"\n}"),
                Arguments.of("JSON sniffed under text/plain", "[{}]", "text/plain", "[\n  { }\n]"),
                Arguments.of("JSON keeps order, duplicates and number spelling",
                        "{\"z\":1.10,\"a\":12345678901234567890123,\"z\":-0.0}", "application/json",
                        "{\n  \"z\": 1.10,\n  \"a\": 12345678901234567890123,\n  \"z\": -0.0\n}"),
                Arguments.of("JSON root string", "\"hi\"", "application/json", "\"hi\""),
                Arguments.of("JSON lines", "{\"a\":1}\n{\"a\":2}", "application/x-ndjson",
                        "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}"),
                Arguments.of("invalid JSON shown as text", "{\"a\":", "application/json", "{\"a\":"),
                Arguments.of("JSON with trailing garbage shown as text", "{} x", "application/json", "{} x"),
                Arguments.of("JSON with comments shown as text", "{/* c */}", null, "{/* c */}"),
                Arguments.of("form", "grant_type=refresh_token&refresh_token=%5Bredacted%5D&scope=client+app"
                        + "&empty=&flag&&x=%E2%9C%93", "application/x-www-form-urlencoded",
                        "grant_type: refresh_token\nrefresh_token: [redacted]\nscope: client app\nempty:\nflag\nx: ✓"),
                Arguments.of("form, stray percent kept", "a=100%&b=%zz", "application/x-www-form-urlencoded",
                        "a: 100%\nb: %zz"),
                Arguments.of("form field with a newline stays on its line", "note=a%0Ab",
                        "application/x-www-form-urlencoded", "note: a\\nb"),
                Arguments.of("text", "hello\nworld", "text/plain", "hello\nworld"),
                Arguments.of("text, CRLF", "a\r\nb", "text/plain", "a\nb"),
                Arguments.of("text without a type", "plain words", null, "plain words"),
                Arguments.of("html", "<p>hi</p>", "text/html; charset=utf-8", "<p>hi</p>"),
                Arguments.of("terminal escapes are escaped", "red \u001b[31mALERT\u001b[0m", "text/plain",
                        "red \\x1b[31mALERT\\x1b[0m"),
                Arguments.of("bidi overrides are escaped", "abc\u202edef", "text/plain", "abc\\u202edef"),
                Arguments.of("empty body", "", "application/json", "(empty body)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void renders(String name, String body, String contentType, String expected) {
        assertEquals(expected, BodyRenderer.render(body.getBytes(UTF_8), contentType, 0));
    }

    @Test
    void aFailedJsonRenderingLeavesNoStateBehind() {
        assertEquals("{\"a\":{\"b\":[1,", BodyRenderer.render("{\"a\":{\"b\":[1,".getBytes(UTF_8), "application/json", 0));
        assertEquals("{\n  \"a\": 1\n}", BodyRenderer.render("{\"a\":1}".getBytes(UTF_8), "application/json", 0));
    }

    @Test
    void nullBodyIsEmpty() {
        assertEquals("(empty body)", BodyRenderer.render(null, null, 100));
    }

    @Test
    void decodesADeclaredCharset() {
        byte[] latin1 = "café".getBytes(ISO_8859_1);
        assertEquals("café", BodyRenderer.render(latin1, "text/plain; charset=ISO-8859-1", 0));
        assertEquals("{\n  \"name\": \"café\"\n}",
                BodyRenderer.render("{\"name\":\"café\"}".getBytes(ISO_8859_1), "application/json; charset=latin1", 0));
    }

    @Test
    void unknownCharsetFallsBackToUtf8() {
        assertEquals("ok", BodyRenderer.render("ok".getBytes(UTF_8), "text/plain; charset=\"no-such-set\"", 0));
    }

    @Test
    void utf8CutMidCharacterByTruncationIsStillText() {
        byte[] bytes = "price: 5 €".getBytes(UTF_8);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertEquals("price: 5 \ufffd", BodyRenderer.render(cut, null, 0));
    }

    @Test
    void binaryIsAHexSummary() {
        byte[] png = new byte[20];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, png, 0, head.length);
        assertEquals("""
                binary, 20 bytes, sha-256 96971c230eae9035
                00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|
                00000010  00 00 00 00                                       |....|""",
                BodyRenderer.render(png, "image/png", 0));
    }

    @Test
    void hexDumpStopsAt256Bytes() {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String dump = BodyRenderer.render(bytes, "application/octet-stream", 0);
        String[] lines = dump.split("\n");
        assertEquals(18, lines.length);
        assertEquals("binary, 300 bytes, sha-256 " + sha256Prefix(bytes), lines[0]);
        assertEquals("00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f  | !\"#$%&'()*+,-./|", lines[3]);
        assertEquals("000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  |................|", lines[16]);
        assertEquals("… 44 more bytes", lines[17]);
    }

    @Test
    void controlBytesMakeABodyBinary() {
        assertTrue(BodyRenderer.render(new byte[] {'a', 0, 'b'}, null, 0).startsWith("binary, 3 bytes, sha-256 "));
        assertTrue(BodyRenderer.render(new byte[] {(byte) 0xff, (byte) 0xfe}, null, 0).startsWith("binary, 2 bytes"));
        assertEquals("binary, 1 byte, sha-256 6e340b9cffb37a98\n00000000  00"
                + " ".repeat(46) + "  |.|", BodyRenderer.render(new byte[1], null, 0));
    }

    @Test
    void cutsLongOutput() {
        assertEquals("abcde\n… 5 more chars", BodyRenderer.render("abcdefghij".getBytes(UTF_8), "text/plain", 5));
        assertEquals("[\n  1,\n… 15 more chars",
                BodyRenderer.render("[1,2,3,4]".getBytes(UTF_8), "application/json", 7));
        assertEquals("a\n… 1 more chars", BodyRenderer.render("a😀".getBytes(UTF_8), "text/plain", 2));
    }

    @Test
    void neverThrowsOnOddInput() {
        Random random = new Random(42);
        String[] types = {null, "", ";", "application/json", "text/plain; charset=", "text/plain; charset=x x",
            "application/x-www-form-urlencoded", "image/png", "*/*", "application/json; charset=UTF-32"};
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            if (i % 3 == 0 && bytes.length > 0) {
                bytes[0] = (byte) "{[%&=\"".charAt(random.nextInt(6));
            }
            String type = types[random.nextInt(types.length)];
            int max = random.nextInt(300) - 10;
            assertNotNull(BodyRenderer.render(bytes, type, max));
        }
        assertNotNull(BodyRenderer.render("[".repeat(100_000).getBytes(UTF_8), "application/json", 100));
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
