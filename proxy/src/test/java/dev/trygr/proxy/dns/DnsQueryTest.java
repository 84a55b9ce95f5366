package dev.trygr.proxy.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsQueryTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("plain name", DnsPackets.query(0x1234, "api.ring.com", DnsTypes.A),
                        0x1234, "api.ring.com", "A"),
                Arguments.of("case kept (0x20 randomisation)", DnsPackets.query(7, "Api.RiNg.com", DnsTypes.AAAA),
                        7, "Api.RiNg.com", "AAAA"),
                Arguments.of("root", DnsPackets.query(1, ".", 2), 1, ".", "NS"),
                Arguments.of("HTTPS", DnsPackets.query(0xFFFF, "a.b", DnsTypes.HTTPS), 0xFFFF, "a.b", "HTTPS"),
                Arguments.of("unknown type", DnsPackets.query(2, "a.b", 4321), 2, "a.b", "TYPE4321"),
                Arguments.of("dot and odd bytes in a label", withLabel(new byte[] {'a', '.', 'b', 0, '\\', (byte) 200}),
                        9, "a\\.b\\000\\\\\\200.test", "A"),
                Arguments.of("EDNS OPT after the question is left alone", withOpt(), 5, "example.test", "A"),
                Arguments.of("name of exactly 255 bytes", DnsPackets.query(3, longName(3, 61), DnsTypes.A), 3,
                        longName(3, 61), "A"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void readsWellFormedQueries(String what, byte[] packet, int id, String name, String type) throws Exception {
        DnsQuery query = DnsQuery.parse(packet);
        assertEquals(id, query.id());
        assertEquals(name, query.name());
        assertEquals(type, query.typeName());
        assertEquals(DnsTypes.CLASS_IN, query.qclass());
        assertTrue(query.recursionDesired());
    }

    static Stream<Arguments> malformed() {
        byte[] ok = DnsPackets.query(0x0102, "api.ring.com", DnsTypes.A);
        return Stream.of(
                Arguments.of(new byte[0], "truncated header: 0 bytes"),
                Arguments.of(new byte[] {1, 2, 3, 4, 5}, "truncated header: 5 bytes"),
                Arguments.of(flags(ok, 0x81), "not a query: the QR bit is set"),
                Arguments.of(flags(ok, 5 << 3), "unsupported opcode 5"),
                Arguments.of(count(ok, 0), "0 questions, expected 1"),
                Arguments.of(count(ok, 2), "2 questions, expected 1"),
                Arguments.of(Arrays.copyOf(ok, 15), "truncated name"),
                Arguments.of(Arrays.copyOf(ok, ok.length - 2), "truncated question"),
                Arguments.of(question(new byte[] {(byte) 0xC0, 0x0C, 0, 1, 0, 1}),
                        "compression pointer in the question name"),
                Arguments.of(question(new byte[] {0x41, 'a', 0, 0, 1, 0, 1}), "unsupported label type 0x41"),
                Arguments.of(DnsPackets.query(3, longName(4, 63), DnsTypes.A), "name longer than 255 bytes"),
                Arguments.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        "unsupported opcode 10"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void refusesMalformedQueriesSayingWhy(byte[] packet, String reason) {
        MalformedDnsException e = assertThrows(MalformedDnsException.class, () -> DnsQuery.parse(packet));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void keepsTheQuestionBytesAsSent() throws Exception {
        byte[] packet = DnsPackets.query(1, "Api.Ring.Com", DnsTypes.A);
        assertArrayEquals(Arrays.copyOfRange(packet, 12, packet.length), DnsQuery.parse(packet).question());
    }

    @Test
    void idOfShortMessages() {
        assertEquals(-1, DnsQuery.idOf(new byte[] {1}));
        assertEquals(0x0102, DnsQuery.idOf(new byte[] {1, 2}));
    }

    private static byte[] flags(byte[] packet, int flags1) {
        byte[] copy = packet.clone();
        copy[2] = (byte) flags1;
        return copy;
    }

    private static byte[] count(byte[] packet, int questions) {
        byte[] copy = packet.clone();
        copy[4] = (byte) (questions >>> 8);
        copy[5] = (byte) questions;
        return copy;
    }

    private static byte[] question(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, 1, 0x01, 0, 1, 0, 0, 0);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] withLabel(byte[] label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, 9, 0x01, 0, 1, 0, 0, 0);
        out.write(label.length);
        out.writeBytes(label);
        DnsPackets.name(out, "test");
        DnsPackets.u16(out, DnsTypes.A);
        DnsPackets.u16(out, DnsTypes.CLASS_IN);
        return out.toByteArray();
    }

    private static byte[] withOpt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DnsPackets.header(out, 5, 0x01, 0, 1, 0, 0, 1);
        DnsPackets.name(out, "example.test");
        DnsPackets.u16(out, DnsTypes.A);
        DnsPackets.u16(out, DnsTypes.CLASS_IN);
        out.write(0);                       // root owner
        DnsPackets.u16(out, 41);            // OPT
        DnsPackets.u16(out, 1232);          // UDP payload size
        DnsPackets.u32(out, 0);
        DnsPackets.u16(out, 0);
        return out.toByteArray();
    }

    /** {@code labels} labels of 63 bytes, then one of {@code last} bytes: 64 * labels + last + 2 bytes on the wire. */
    private static String longName(int labels, int last) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            name.append("x".repeat(63)).append('.');
        }
        return name.append("y".repeat(last)).toString();
    }
}
