package dev.trygr.capture.har;

import dev.trygr.capture.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure pieces: times, URLs, bounded texts, header names. */
class HarPartsTest {
    private static final long AT = 1_709_287_200_000_000L; // 2024-03-01T10:00:00Z

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-03-01T10:00:00Z                  | 0",
        "2024-03-01T10:00:00.123Z              | 123000",
        "2024-03-01T10:00:00.123456+00:00      | 123456",
        "2024-03-01T11:00:00.5+01:00           | 500000",
        "2024-03-01T11:00:00.5+0100            | 500000",
        "2024-03-01T05:00:00-05               | 0",
        "2024-03-01T10:00:00.123456789Z        | 123456",
        "2024-03-01T10:00:00                   | 0",
        "2024-03-01T10:00Z                     | 0",
    })
    void timesInTheShapesToolsWrite(String text, long micros) {
        assertEquals(AT + micros, HarTime.parse(text));
    }

    @Test
    void timesThatAreNot() {
        for (String bad : new String[] {null, "", "yesterday", "2024-13-01T10:00:00Z", "1709287200"}) {
            assertNull(HarTime.parse(bad), bad);
        }
        assertEquals("2024-03-01T10:00:00.000001Z", HarTime.format(AT + 1));
        assertEquals(AT + 1, HarTime.parse(HarTime.format(AT + 1)));
        assertEquals(AT + 123_457, HarTime.epochSecondsToMicros(new java.math.BigDecimal("1709287200.1234567")));
        assertEquals("1709287200.000001", HarTime.epochSeconds(AT + 1).toPlainString());
        assertEquals(-1, HarTime.millisToMicros(-1));
        assertEquals(2_723, HarTime.millisToMicros(2.723));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "https://api.ring.com/clients_api/session?x=1#frag | https | api.ring.com | 443  | /clients_api/session?x=1 | x=1",
        "http://h:8080                                     | http  | h            | 8080 | /                        | NULL",
        "https://h?q                                       | https | h            | 443  | /?q                      | q",
        "wss://stream.ring.com/ws                          | https | stream.ring.com | 443 | /ws                    | NULL",
        "ws://[::1]:9000/a^b c                            | http  | ::1          | 9000 | /a^b c                   | NULL",
        "https://user:pw@h.example/p                       | https | h.example    | 443  | /p                       | NULL",
        "HTTPS://H.example/                                | https | H.example    | 443  | /                        | NULL",
    })
    void urlsAsFlowsStoreThem(String url, String scheme, String host, int port, String target, String query) {
        HarUrl u = HarUrl.parse(url);
        assertEquals(List.of(scheme, host, port, target), List.of(u.scheme(), u.host(), u.port(), u.target()));
        assertEquals(query, u.query());
    }

    @Test
    void urlsThatAreNot() {
        for (String bad : new String[] {null, "", "/relative", "ftp://h/x", "https:///x", "https://h:99999/",
            "https://h:x/", "https://[::1/", "mailto:a@b"}) {
            assertNull(HarUrl.parse(bad), bad);
        }
        assertEquals("https://[2001:db8::1]:8443/x", HarUrl.of("https", "2001:db8::1", 8443, "/x"));
        assertEquals("http://h/", HarUrl.of("http", "h", 80, "*"));
        assertEquals("http://other/x", HarUrl.of("http", "h", 80, "http://other/x"));
        assertEquals(List.of(new Header("a b", "c&d"), new Header("e", ""), new Header("%zz", "1")),
                HarUrl.queryParameters("a+b=c%26d&e&&%zz=1"));
    }

    @Test
    void aBoundedTextKeepsTheStartAndCountsTheRest() throws Exception {
        HarText t = new HarText(8);
        t.write("héllo wörld \uD83D\uDE00!"); // é, ö: 2 bytes; the emoji: 4
        HarText.Bytes b = t.utf8();
        assertEquals("héllo w", new String(b.kept(), 0, 8, StandardCharsets.UTF_8));
        assertEquals(8, b.kept().length);
        assertEquals("héllo wörld \uD83D\uDE00!".getBytes(StandardCharsets.UTF_8).length, b.length());
        assertTrue(b.truncated());

        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13);
        }
        String mime = Base64.getMimeEncoder().encodeToString(data); // with line breaks
        HarText whole = new HarText(1000);
        whole.write(mime);
        assertArrayEquals(data, whole.base64().kept());
        HarText cut = new HarText(10);
        cut.write(Base64.getUrlEncoder().withoutPadding().encodeToString(data));
        assertArrayEquals(java.util.Arrays.copyOf(data, 10), cut.base64().kept());
        assertEquals(100, cut.base64().length());
        HarText notBase64 = new HarText(10);
        notBase64.write("not base64!");
        assertNull(notBase64.base64());
    }

    @Test
    void aRenamedContentEncodingGetsItsNameBack() {
        assertEquals("Content-Encoding", HarFlows.originalName("X-Trygr-Decoded-Content-Encoding"));
        assertEquals("content-encoding", HarFlows.originalName("x-trygr-decoded-content-encoding"));
        assertEquals("X-Trygr-Decoded-Other", HarFlows.originalName("X-Trygr-Decoded-Other"));
        assertEquals("Content-Encoding", HarFlows.originalName("Content-Encoding"));
        assertFalse(HarContent.isText(new byte[] {'a', 0, 'b'}, null));
        assertTrue(HarContent.isText("tab\tand ☃".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertFalse(HarContent.isText("text".getBytes(StandardCharsets.UTF_8), "image/png"));
        assertEquals("52.1.2.3", HarWriter.serverIp("52.1.2.3:443"));
        assertEquals("2001:db8::1", HarWriter.serverIp("[2001:db8::1]:443"));
        assertEquals("2001:db8::1", HarWriter.serverIp("2001:db8::1"));
    }
}
