package dev.trygr.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamSniffTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1|HTTP1",
        "POST /oauth/token HTTP/1.1|HTTP1",
        "M-SEARCH * HTTP/1.1|HTTP1",
        "'PATCH '|HTTP1",
        "GE|NEED_MORE",
        "ABCDEFGHIJKLMNOPQRSTU|OTHER",
        "get / HTTP/1.1|OTHER",
        "' GET'|OTHER",
        "{\"json\":1}|OTHER",
    })
    void classifiesFirstBytes(String text, StreamSniff.Verdict expected) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, StreamSniff.classify(b, b.length));
    }

    /** An MCS login starts with the version byte (41) and a tag; TLS records start with 0x16. */
    @ParameterizedTest
    @CsvSource({"41", "22", "0", "255"})
    void binaryStreamsAreOther(int firstByte) {
        byte[] stream = {(byte) firstByte, 2, 0x4a, 0x10};
        assertEquals(StreamSniff.Verdict.OTHER, StreamSniff.classify(stream, stream.length));
    }
}
