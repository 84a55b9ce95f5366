package dev.trygr.capture.fcm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProtoReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Renders fields as {@code number:TYPE=value}, LEN payloads in hex, so the table reads like the wire. */
    private static String render(ProtoMessage m) {
        return m.fields().stream()
                .map(f -> f.number() + ":" + f.wireType() + "="
                        + (f.wireType() == WireType.LEN ? HEX.formatHex(m.bytes(f)) : Long.toUnsignedString(f.value())))
                .collect(Collectors.joining(" "));
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                arguments("empty message", "", ""),
                arguments("varint 150 (protobuf docs example)", "089601", "1:VARINT=150"),
                arguments("string testing", "120774657374696e67", "2:LEN=74657374696e67"),
                arguments("empty length-delimited", "1a00", "3:LEN="),
                arguments("fixed64 little-endian", "090102030405060708", "1:I64=578437695752307201"),
                arguments("fixed32 little-endian", "0dffffffff", "1:I32=4294967295"),
                arguments("uint64 max as ten-byte varint", "08ffffffffffffffffff01", "1:VARINT=18446744073709551615"),
                arguments("non-minimal varint accepted", "088000", "1:VARINT=0"),
                arguments("repeated field kept in order", "08010802", "1:VARINT=1 1:VARINT=2"),
                arguments("two-byte key (field 16)", "800101", "16:VARINT=1"),
                arguments("largest field number", "f8ffffff0f01", "536870911:VARINT=1"),
                arguments("group skipped, fields around kept", "0801" + "1b" + "0802" + "1c" + "2001",
                        "1:VARINT=1 4:VARINT=1"),
                arguments("nested group skipped", "1b" + "2b" + "2c" + "1c" + "0805", "1:VARINT=5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void readsWellFormedMessages(String name, String hex, String expected) {
        Optional<ProtoMessage> m = ProtoReader.read(HEX.parseHex(hex));
        assertTrue(m.isPresent(), name);
        assertEquals(expected, render(m.get()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("truncated key varint", "88", "truncated varint"),
                arguments("truncated value varint", "0896", "truncated varint"),
                arguments("varint of eleven bytes", "08ffffffffffffffffffff01", "overflows 64 bits"),
                arguments("varint overflowing 64 bits", "08ffffffffffffffffff02", "overflows 64 bits"),
                arguments("length beyond the message", "120574657374", "declares 5 bytes"),
                arguments("huge declared length", "12ffffffff0f", "declares 4294967295 bytes"),
                arguments("length beyond 2^63", "12ffffffffffffffffff01", "declares 18446744073709551615 bytes"),
                arguments("truncated fixed64", "0901020304", "truncated 64-bit"),
                arguments("truncated fixed32", "0d0102", "truncated 32-bit"),
                arguments("wire type 6", "0e01", "unknown wire type 6"),
                arguments("wire type 7", "0f01", "unknown wire type 7"),
                arguments("field number 0", "0001", "invalid field number 0"),
                arguments("field number beyond 2^29-1", "8080808010" + "01", "invalid field number"),
                arguments("stray end-group", "0c", "unexpected end-group"),
                arguments("unclosed group", "0b0801", "not closed"),
                arguments("group closed by the wrong number", "0b14", "does not close group 1"),
                arguments("garbage", "ffffffff", "truncated varint"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedMessages(String name, String hex, String reason) {
        byte[] bytes = HEX.parseHex(hex);
        assertEquals(Optional.empty(), ProtoReader.read(bytes), name);
        ProtoFormatException e = assertThrows(ProtoFormatException.class, () -> ProtoReader.parse(bytes));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void deeplyNestedGroupsAreBounded() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            hex.append("0b");
        }
        ProtoFormatException e = assertThrows(ProtoFormatException.class,
                () -> ProtoReader.parse(HEX.parseHex(hex.toString())));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void readsASubRangeInPlace() {
        byte[] buf = HEX.parseHex("ffff" + "0801" + "ffff");
        assertEquals("1:VARINT=1", render(ProtoReader.read(buf, 2, 2).orElseThrow()));
        assertEquals(Optional.empty(), ProtoReader.read(null));
    }

    @Test
    void typedAccessors() {
        byte[] nested = ProtoWriter.message().string(1, "k").string(2, "v").build();
        ProtoMessage m = ProtoReader.parse(ProtoWriter.message()
                .varint(1, 7)
                .varint(1, 9)
                .string(2, "héllo")
                .fixed64(3, -1L)
                .bytes(4, nested)
                .bytes(4, nested)
                .varint(5, 1)
                .varint(6, -2)
                .fixed32(7, 42)
                .string(99, "unknown")
                .build());
        assertEquals(9, m.int32(1, 0), "last occurrence wins");
        assertEquals("héllo", m.string(2).orElseThrow());
        assertEquals("18446744073709551615", Long.toUnsignedString(m.fixed64(3).orElseThrow()));
        assertEquals(2, m.messages(4).size());
        assertEquals("v", m.message(4).orElseThrow().stringOrEmpty(2));
        assertTrue(m.bool(5));
        assertEquals(-2, m.int32(6, 0), "negative int32 is a ten-byte varint");
        assertEquals(42, m.fixed32(7).orElseThrow());
        assertEquals(List.of("unknown"), m.strings(99));
        assertFalse(m.has(8));
        assertEquals("", m.stringOrEmpty(8));
        assertEquals(17, m.int32(8, 17));
    }

    @Test
    void wireTypeMismatchAndMalformedNestedMessagesThrowTheFormatException() {
        ProtoMessage m = ProtoReader.parse(ProtoWriter.message().varint(1, 7).string(2, "\u00ff\u00ff").build());
        assertThrows(ProtoFormatException.class, () -> m.string(1));
        assertThrows(ProtoFormatException.class, () -> m.varint(2));
        ProtoFormatException e = assertThrows(ProtoFormatException.class, () -> m.message(2));
        assertTrue(e.getMessage().startsWith("field 2:"), e.getMessage());
    }
}
