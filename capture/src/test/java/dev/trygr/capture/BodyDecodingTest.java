package dev.trygr.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trygr.capture.BodyDecoding.Decoded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Brotli fixtures (there is no brotli encoder on the JVM classpath) were made with Debian's brotli 1.0.9:
 * <pre>
 * printf '%s' "$SAMPLE" > sample.json   # SAMPLE below
 * brotli -q 11 -c sample.json > sample.json.br
 * gzip -n -9 -c sample.json | brotli -q 11 -c > sample.json.gz.br    # Content-Encoding: gzip, br
 * python3 -c "for i in range(1,5001): print('line %05d of the recorded body' % i)" > lines.txt
 * brotli -q 5 -w 10 -c lines.txt > lines.txt.br    # small window: decodes incrementally when cut
 * </pre>
 */
class BodyDecodingTest {

    static final String SAMPLE = "{\"device\":\"doorbell\",\"id\":42,\"tags\":[\"ring\",\"fcm\"],\"ok\":true}";
    static final byte[] LINES = lines();

    static Stream<Arguments> roundTrips() {
        byte[] text = "hello, doorbell\n".repeat(100).getBytes(UTF_8);
        return Stream.of(
                Arguments.of("identity", null, text, text),
                Arguments.of("identity by name", "identity", text, text),
                Arguments.of("blank header", "  ", text, text),
                Arguments.of("gzip", "gzip", gzip(text), text),
                Arguments.of("x-gzip", "x-gzip", gzip(text), text),
                Arguments.of("upper case", "GZIP", gzip(text), text),
                Arguments.of("two gzip members", "gzip", concat(gzip(text), gzip(text)), concat(text, text)),
                Arguments.of("deflate, zlib-wrapped", "deflate", deflate(text, false), text),
                Arguments.of("deflate, raw", "deflate", deflate(text, true), text),
                Arguments.of("gzip then deflate", "gzip, deflate", deflate(gzip(text), false), text),
                Arguments.of("identity in a list", "identity, gzip", gzip(text), text),
                Arguments.of("br", "br", resource("sample.json.br"), SAMPLE.getBytes(UTF_8)),
                Arguments.of("gzip then br", "gzip, br", resource("sample.json.gz.br"), SAMPLE.getBytes(UTF_8)),
                Arguments.of("gzip then br, no spaces", "gzip,br", resource("sample.json.gz.br"),
                        SAMPLE.getBytes(UTF_8)),
                Arguments.of("br, larger", "br", resource("lines.txt.br"), LINES),
                Arguments.of("empty gzip body (HEAD, 304)", "gzip", new byte[0], new byte[0]),
                Arguments.of("null body", "gzip", null, new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void decodesWholeBodies(String name, String encoding, byte[] stored, byte[] expected) {
        Decoded decoded = BodyDecoding.decode(stored, encoding, false);
        assertArrayEquals(expected, decoded.bytes());
        assertEquals("", decoded.note());
        assertFalse(decoded.hasNote());
    }

    static Stream<Arguments> truncatedBodies() {
        byte[] gzip = gzip(LINES);
        byte[] zlib = deflate(LINES, false);
        byte[] raw = deflate(LINES, true);
        byte[] br = resource("lines.txt.br");
        return Stream.of(
                Arguments.of("gzip, half", "gzip", Arrays.copyOf(gzip, gzip.length / 2)),
                Arguments.of("gzip, trailer cut", "gzip", Arrays.copyOf(gzip, gzip.length - 4)),
                Arguments.of("deflate zlib, half", "deflate", Arrays.copyOf(zlib, zlib.length / 2)),
                Arguments.of("deflate raw, half", "deflate", Arrays.copyOf(raw, raw.length / 2)),
                Arguments.of("br, half", "br", Arrays.copyOf(br, br.length / 2)),
                Arguments.of("br, last byte cut", "br", Arrays.copyOf(br, br.length - 1)),
                Arguments.of("br, first 100 bytes", "br", Arrays.copyOf(br, 100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatedBodies")
    void decodesTruncatedBodiesAsFarAsTheyGoAndNoFurther(String name, String encoding, byte[] stored) {
        Decoded decoded = BodyDecoding.decode(stored, encoding, true);
        byte[] bytes = decoded.bytes();
        assertTrue(bytes.length > 0, "something decoded");
        assertTrue(bytes.length <= LINES.length);
        assertArrayEquals(Arrays.copyOf(LINES, bytes.length), bytes, "a true prefix, nothing made up");
        assertTrue(decoded.note().startsWith("body was truncated when recorded; " + encoding
                + " decoded as far as the bytes go ("), decoded.note());
    }

    @Test
    void truncatedIdentityBodySaysSo() {
        Decoded decoded = BodyDecoding.decode("{\"a\":".getBytes(UTF_8), null, true);
        assertEquals("{\"a\":", new String(decoded.bytes(), UTF_8));
        assertEquals("body was truncated when recorded (5 bytes stored)", decoded.note());
    }

    @Test
    void brotliCutBeforeAnythingDecodesShowsTheStoredBytes() {
        byte[] stored = Arrays.copyOf(resource("lines.txt.br"), 20);
        Decoded decoded = BodyDecoding.decode(stored, "br", true);
        assertArrayEquals(stored, decoded.bytes());
        assertTrue(decoded.note().startsWith("body was truncated when recorded (20 bytes stored); could not decode br ("),
                decoded.note());
        assertTrue(decoded.note().endsWith("); showing the bytes still br-encoded"), decoded.note());
    }

    static Stream<Arguments> undecodableBodies() {
        byte[] text = "plain text, not compressed".getBytes(UTF_8);
        return Stream.of(
                Arguments.of("unknown coding", "zstd", text, text,
                        "content-encoding \"zstd\" is not supported; showing the bytes still zstd-encoded"),
                Arguments.of("compress", "compress", text, text,
                        "content-encoding \"compress\" is not supported; showing the bytes still compress-encoded"),
                Arguments.of("unknown coding under gzip", "zstd, gzip", gzip(text), text,
                        "content-encoding \"zstd\" is not supported; showing the bytes still zstd-encoded"),
                Arguments.of("unknown coding over gzip", "gzip, zstd", text, text,
                        "content-encoding \"zstd\" is not supported; showing the bytes still gzip, zstd-encoded"),
                Arguments.of("labelled gzip, is not", "gzip", text, text,
                        "could not decode gzip (Not in GZIP format); showing the bytes still gzip-encoded"),
                Arguments.of("labelled br, is not", "br", text, text, null),
                Arguments.of("labelled deflate, is not", "deflate", text, text, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodableBodies")
    void returnsWhatCannotBeDecodedAsStoredWithANote(String name, String encoding, byte[] stored, byte[] expected,
            String note) {
        Decoded decoded = BodyDecoding.decode(stored, encoding, false);
        assertArrayEquals(expected, decoded.bytes());
        if (note != null) {
            assertEquals(note, decoded.note());
        } else {
            assertTrue(decoded.note().startsWith("could not decode "), decoded.note());
        }
    }

    @Test
    void corruptGzipKeepsWhatDecodedBeforeTheDamageWasFound() {
        byte[] stored = gzip(LINES);
        stored[stored.length - 8] ^= 0x5a; // the CRC-32 in the trailer
        Decoded decoded = BodyDecoding.decode(stored, "gzip", false);
        assertArrayEquals(LINES, decoded.bytes());
        assertEquals("gzip stream is corrupt or incomplete (Corrupt GZIP trailer); showing the 160,000 bytes decoded"
                + " before the error", decoded.note());
    }

    @Test
    void gzipEndingEarlyWithoutTheTruncatedFlagIsReportedAsIncomplete() {
        byte[] gzip = gzip(LINES);
        Decoded decoded = BodyDecoding.decode(Arrays.copyOf(gzip, gzip.length / 2), "gzip", false);
        assertArrayEquals(Arrays.copyOf(LINES, decoded.bytes().length), decoded.bytes());
        assertTrue(decoded.note().startsWith("gzip stream is corrupt or incomplete (Unexpected end of ZLIB input"
                + " stream); showing the "), decoded.note());
    }

    @Test
    void stackedLayersCarryATruncationThrough() {
        byte[] stored = deflate(gzip(LINES), false);
        Decoded decoded = BodyDecoding.decode(Arrays.copyOf(stored, stored.length / 2), "gzip, deflate", true);
        assertTrue(decoded.bytes().length > 0);
        assertArrayEquals(Arrays.copyOf(LINES, decoded.bytes().length), decoded.bytes());
        assertTrue(decoded.note().matches("body was truncated when recorded; deflate decoded as far as the bytes go"
                + " \\(.*\\); gzip decoded as far as the bytes go \\(.*\\)"), decoded.note());
    }

    @Test
    void capsADecompressionBomb() {
        // 64 MiB of zeros in about 64 KiB of gzip.
        byte[] bomb = gzip(out -> {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        });
        assertTrue(bomb.length < 100_000);
        Decoded decoded = BodyDecoding.decode(bomb, "gzip", false);
        assertEquals(BodyDecoding.MAX_DECODED_BYTES, decoded.bytes().length);
        assertEquals("decoded body is larger than 16,777,216 bytes; showing the first 16,777,216 bytes", decoded.note());
    }

    static Stream<Arguments> capEdges() {
        return Stream.of(
                Arguments.of(99, 99, ""),
                Arguments.of(100, 100, ""),
                Arguments.of(101, 100, "decoded body is larger than 100 bytes; showing the first 100 bytes"));
    }

    @ParameterizedTest(name = "{0} bytes, cap 100")
    @MethodSource("capEdges")
    void capIsExact(int size, int expectedLength, String note) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        for (String encoding : List.of("gzip", "deflate", "gzip, deflate")) {
            byte[] stored = encoding.equals("gzip") ? gzip(body)
                    : encoding.equals("deflate") ? deflate(body, false) : deflate(gzip(body), false);
            Decoded decoded = BodyDecoding.decode(stored, encoding, false, 100);
            assertEquals(expectedLength, decoded.bytes().length, encoding);
            assertEquals(note, decoded.note(), encoding);
        }
    }

    @Test
    void brotliBodiesAreCappedToo() {
        Decoded decoded = BodyDecoding.decode(resource("lines.txt.br"), "br", false, 1000);
        assertArrayEquals(Arrays.copyOf(LINES, 1000), decoded.bytes());
        assertEquals("decoded body is larger than 1,000 bytes; showing the first 1,000 bytes", decoded.note());
    }

    @Test
    void splitsCodingsInTheOrderTheyWereApplied() {
        assertEquals(List.of("gzip", "br"), BodyDecoding.codings(" GZIP , identity,,br "));
        assertEquals(List.of(), BodyDecoding.codings(null));
    }

    @Test
    void recognisesZlibHeaders() {
        assertTrue(BodyDecoding.looksLikeZlib(deflate(LINES, false)));
        assertFalse(BodyDecoding.looksLikeZlib(deflate(LINES, true)));
        assertFalse(BodyDecoding.looksLikeZlib(new byte[] {0x78}));
    }

    // ---- fixtures

    static byte[] lines() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            text.append(String.format("line %05d of the recorded body%n", i).replace("\r\n", "\n"));
        }
        return text.toString().getBytes(UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = BodyDecodingTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Writing {
        void writeTo(OutputStream out) throws IOException;
    }

    static byte[] gzip(Writing content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        return gzip(out -> out.write(data));
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (OutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
