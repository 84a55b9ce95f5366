package dev.trygr.proxy.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsReplyTest {

    @ParameterizedTest(name = "{1} answered with {2}")
    @CsvSource(delimiter = '|', value = {
        "Api.Ring.com|A|192.0.2.1|A 192.0.2.1",
        "api.ring.com|AAAA|2001:db8::1|AAAA 2001:db8::1",
        "api.ring.com|A|192.0.2.1,192.0.2.2|A 192.0.2.1,A 192.0.2.2",
        "api.ring.com|AAAA||",
    })
    void localAnswersReadBackAsTheyWereWritten(String name, String type, String addresses, String expected)
            throws Exception {
        DnsQuery query = DnsQuery.parse(DnsPackets.query(0xBEEF, name, "A".equals(type) ? 1 : 28));
        List<InetAddress> records = addresses == null ? List.of()
                : Arrays.stream(addresses.split(",")).map(DnsReplyTest::address).toList();
        byte[] message = DnsMessages.answer(query, records);
        DnsReply reply = DnsReply.parse(message);
        assertEquals(0xBEEF, reply.id());
        assertEquals("NOERROR", reply.rcodeName());
        assertEquals(name, reply.name());
        assertEquals(expected == null ? List.of() : List.of(expected.split(",")), reply.answers());
        assertTrue(reply.answers(query, 0xBEEF));
        assertFalse(reply.truncated());
        assertEquals(0x81, message[2] & 0xFF, "QR and RD");
        assertEquals(0x80, message[3] & 0xFF, "RA, NOERROR");
    }

    @Test
    void failureEchoesTheQuestionWithTheCode() throws Exception {
        byte[] packet = DnsPackets.query(42, "example.test", DnsTypes.A);
        DnsQuery query = DnsQuery.parse(packet);
        byte[] message = DnsMessages.failure(query, DnsTypes.SERVFAIL);
        DnsReply reply = DnsReply.parse(message);
        assertEquals("SERVFAIL", reply.rcodeName());
        assertEquals(List.of(), reply.answers());
        assertEquals(packet.length, message.length);
        assertArrayEquals(Arrays.copyOfRange(packet, 12, packet.length),
                Arrays.copyOfRange(message, 12, message.length));
    }

    @Test
    void withIdChangesOnlyTheId() {
        byte[] packet = DnsPackets.query(0x0102, "example.test", DnsTypes.A);
        byte[] swapped = DnsMessages.withId(packet, 0xA0B0);
        assertEquals(0xA0B0, DnsQuery.idOf(swapped));
        assertArrayEquals(Arrays.copyOfRange(packet, 2, packet.length), Arrays.copyOfRange(swapped, 2, swapped.length));
        assertEquals(0x0102, DnsQuery.idOf(packet), "the original is not touched");
    }

    @Test
    void rendersCompressedAndUnknownRecords() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, 9, 0x81, 0x80, 1, 5, 0, 0);
        DnsPackets.name(out, "www.example.test");                 // at offset 12
        DnsPackets.u16(out, DnsTypes.A);
        DnsPackets.u16(out, DnsTypes.CLASS_IN);
        int cnameRdata = record(out, new byte[] {(byte) 0xC0, 12}, DnsTypes.CNAME,
                concat(label("edge"), new byte[] {(byte) 0xC0, 16}));  // edge + pointer to "example.test"
        record(out, new byte[] {(byte) 0xC0, (byte) cnameRdata}, DnsTypes.A, new byte[] {(byte) 192, 0, 2, 7});
        record(out, new byte[] {(byte) 0xC0, 12}, DnsTypes.HTTPS, new byte[] {0, 1, 0});
        record(out, new byte[] {(byte) 0xC0, 12}, DnsTypes.TXT,
                concat(new byte[] {5}, "v=a\"b".getBytes(StandardCharsets.US_ASCII), new byte[] {0}));
        record(out, new byte[] {(byte) 0xC0, 12}, DnsTypes.MX, concat(new byte[] {0, 10}, label("mx"),
                new byte[] {(byte) 0xC0, 16}));
        DnsReply reply = DnsReply.parse(out.toByteArray());
        assertEquals(List.of("CNAME edge.example.test", "A 192.0.2.7", "HTTPS \\# 3 000100",
                "TXT \"v=a\\\"b\" \"\"", "MX 10 mx.example.test"), reply.answers());
    }

    @Test
    void stopsAtABrokenAnswerButKeepsTheOnesBefore() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, 9, 0x81, 0x80, 1, 3, 0, 0);
        DnsPackets.name(out, "a.test");
        DnsPackets.u16(out, DnsTypes.A);
        DnsPackets.u16(out, DnsTypes.CLASS_IN);
        record(out, new byte[] {(byte) 0xC0, 12}, DnsTypes.A, new byte[] {10, 0, 0, 1});
        int self = out.size();
        record(out, new byte[] {(byte) 0xC0, (byte) self}, DnsTypes.A, new byte[] {10, 0, 0, 2});  // points at itself
        DnsReply reply = DnsReply.parse(out.toByteArray());
        assertEquals(List.of("A 10.0.0.1"), reply.answers());
    }

    @ParameterizedTest(name = "reply id {0}, question {1}/{2}, rcode {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "77|EXAMPLE.test|1|0|true",
        "78|example.test|1|0|false",
        "77|example.test|28|0|false",
        "77|other.test|1|0|false",
        "77||0|2|true",
        "77||0|0|false",
    })
    void matchesAnAnswerToItsQuery(int id, String name, int type, int rcode, boolean expected) throws Exception {
        DnsQuery query = DnsQuery.parse(DnsPackets.query(1, "example.test", DnsTypes.A));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, id, 0x81, 0x80 | rcode, name == null ? 0 : 1, 0, 0, 0);
        if (name != null) {
            DnsPackets.name(out, name);
            DnsPackets.u16(out, type);
            DnsPackets.u16(out, DnsTypes.CLASS_IN);
        }
        assertEquals(expected, DnsReply.parse(out.toByteArray()).answers(query, 77));
    }

    @Test
    void refusesWhatIsNotAResponse() {
        byte[] query = DnsPackets.query(1, "example.test", DnsTypes.A);
        assertEquals("not a response: the QR bit is clear",
                assertThrows(MalformedDnsException.class, () -> DnsReply.parse(query)).getMessage());
        assertEquals("truncated header: 3 bytes",
                assertThrows(MalformedDnsException.class, () -> DnsReply.parse(new byte[3])).getMessage());
    }

    @Test
    void namePointersMustPointBackwards() {
        byte[] loop = {0, 0, (byte) 0xC0, 2};
        assertEquals("compression pointer does not point backwards",
                assertThrows(MalformedDnsException.class, () -> DnsNames.read(loop, 2, true)).getMessage());
        byte[] chain = {3, 'a', 'b', 'c', (byte) 0xC0, 0};   // "abc" then a pointer back to itself: a loop
        assertThrows(MalformedDnsException.class, () -> DnsNames.read(chain, 0, true));
    }

    /** Writes one record; returns the offset of its rdata. */
    private static int record(ByteArrayOutputStream out, byte[] owner, int type, byte[] rdata) {
        out.writeBytes(owner);
        DnsPackets.u16(out, type);
        DnsPackets.u16(out, DnsTypes.CLASS_IN);
        DnsPackets.u32(out, 300);
        DnsPackets.u16(out, rdata.length);
        int at = out.size();
        out.writeBytes(rdata);
        return at;
    }

    private static byte[] label(String label) {
        return concat(new byte[] {(byte) label.length()}, label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        return DnsPackets.concat(parts);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
