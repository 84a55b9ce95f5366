package dev.trygr.capture.fcm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CheckinTest {
    /** A uint64 above Long.MAX_VALUE, so signed printing would show a minus sign. */
    private static final long BIG_ID = 0xF123456789ABCDEFL;
    private static final String BIG_ID_TEXT = "17375808098319191535";
    private static final long TOKEN = 0x8877665544332211L;
    private static final String TOKEN_TEXT = Long.toUnsignedString(TOKEN);

    /** The checkin push-receiver sends (ring-protocol.md §5.2), with stored credentials. */
    private static ProtoWriter pushReceiverRequest() {
        return ProtoWriter.message()
                .varint(2, BIG_ID)
                .string(3, "")
                .message(4, ProtoWriter.message()
                        .varint(2, 0)
                        .string(6, "")
                        .string(7, "")
                        .string(8, "")
                        .varint(9, 0)
                        .varint(12, 3)
                        .message(13, ProtoWriter.message().varint(1, 2).string(2, "94.0.4606.51").varint(3, 1)))
                .string(5, "")
                .string(6, "")
                .varint(7, 0)
                .string(8, "")
                .string(12, "Europe/Prague")
                .fixed64(13, TOKEN)
                .varint(14, 3)
                .varint(20, 0)
                .string(21, "")
                .varint(22, 0);
    }

    static Stream<Arguments> requests() {
        Checkin.ChromeBuild chrome = new Checkin.ChromeBuild(2, "94.0.4606.51", 1);
        return Stream.of(
                arguments("push-receiver re-checkin", pushReceiverRequest().build(),
                        Optional.of(new Checkin.Request(Optional.of(BIG_ID_TEXT), Optional.of(TOKEN_TEXT), 3,
                                "Europe/Prague", "", 3, 0, Optional.of(chrome), 0, 0))),
                arguments("first checkin: no id, no token", ProtoWriter.message()
                                .message(4, ProtoWriter.message().varint(12, 3))
                                .string(12, "Europe/Prague").varint(14, 3).build(),
                        Optional.of(new Checkin.Request(Optional.empty(), Optional.empty(), 3, "Europe/Prague", "",
                                3, 0, Optional.empty(), 0, 0))),
                arguments("id written as fixed64 is accepted", ProtoWriter.message().fixed64(2, 42).build(),
                        Optional.of(new Checkin.Request(Optional.of("42"), Optional.empty(), 0, "", "", 0, 0,
                                Optional.empty(), 0, 0))),
                arguments("unknown fields skipped", ProtoWriter.message().string(1, "imei").string(99, "x")
                                .varint(14, 3).build(),
                        Optional.of(new Checkin.Request(Optional.empty(), Optional.empty(), 3, "", "", 0, 0,
                                Optional.empty(), 0, 0))),
                arguments("empty body is an empty request", new byte[0],
                        Optional.of(new Checkin.Request(Optional.empty(), Optional.empty(), 0, "", "", 0, 0,
                                Optional.empty(), 0, 0))),
                arguments("truncated", truncate(pushReceiverRequest().build(), 5), Optional.empty()),
                arguments("malformed nested checkin", ProtoWriter.message().bytes(4, new byte[] {(byte) 0x88}).build(),
                        Optional.empty()),
                arguments("time zone with the wrong wire type", ProtoWriter.message().varint(12, 1).build(),
                        Optional.empty()),
                arguments("garbage", HexFormat.of().parseHex("ffffffffff"), Optional.empty()),
                arguments("null", null, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void parsesRequests(String name, byte[] body, Optional<Checkin.Request> expected) {
        assertEquals(expected, Checkin.parseRequest(body));
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                arguments("typical response", ProtoWriter.message()
                                .varint(1, 1)
                                .varint(3, 1700000000000L)
                                .message(5, ProtoWriter.message().bytes(1, new byte[] {1}).bytes(2, new byte[] {2}))
                                .message(5, ProtoWriter.message().bytes(1, new byte[] {3}))
                                .varint(6, 0)
                                .fixed64(7, BIG_ID)
                                .fixed64(8, TOKEN)
                                .varint(9, 0)
                                .string(11, "vi")
                                .build(),
                        Optional.of(new Checkin.Response(true, OptionalLong.of(1700000000000L),
                                Optional.of(BIG_ID_TEXT), Optional.of(TOKEN_TEXT), "", "vi", 2))),
                arguments("token as varint is accepted", ProtoWriter.message().varint(8, 5).build(),
                        Optional.of(new Checkin.Response(false, OptionalLong.empty(), Optional.empty(),
                                Optional.of("5"), "", "", 0))),
                arguments("truncated fixed64", truncate(ProtoWriter.message().fixed64(7, BIG_ID).build(), 2),
                        Optional.empty()),
                arguments("over-long length", HexFormat.of().parseHex("22ffffffff0f00"), Optional.empty()),
                arguments("unknown wire type", HexFormat.of().parseHex("0f"), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void parsesResponses(String name, byte[] body, Optional<Checkin.Response> expected) {
        assertEquals(expected, Checkin.parseResponse(body));
    }

    @Test
    void toStringNeverPrintsTheSecurityToken() {
        Checkin.Request request = Checkin.parseRequest(pushReceiverRequest().build()).orElseThrow();
        Checkin.Response response = Checkin.parseResponse(
                ProtoWriter.message().fixed64(7, BIG_ID).fixed64(8, TOKEN).build()).orElseThrow();
        for (String s : new String[] {request.toString(), response.toString()}) {
            assertFalse(s.contains(TOKEN_TEXT), s);
            assertTrue(s.contains("securityToken=<redacted>"), s);
            assertTrue(s.contains(BIG_ID_TEXT), s);
        }
    }

    private static byte[] truncate(byte[] bytes, int drop) {
        return java.util.Arrays.copyOf(bytes, bytes.length - drop);
    }
}
