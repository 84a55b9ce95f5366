package dev.trygr.capture.fcm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class McsDecoderTest {
    private static final String SECURITY_TOKEN = "8112233445566778899";
    private static final byte[] RAW = {1, 2, 3, (byte) 0xff, 0, 9};

    private static final ProtoWriter LOGIN_REQUEST = ProtoWriter.message()
            .string(1, "chrome-94.0.4606.51")
            .string(2, "mcs.android.com")
            .string(3, "4865488135458839813")
            .string(4, "4865488135458839813")
            .string(5, SECURITY_TOKEN)
            .string(6, "android-4385a7e3b0aab205")
            .message(8, ProtoWriter.message().string(1, "new_vc").string(2, "1"))
            .string(10, "0:1677356129944104%7031b2e6f9fd7ecd")
            .varint(12, 0)
            .message(13, ProtoWriter.message().string(1, "").varint(2, 1).varint(3, 300000))
            .varint(14, 1)
            .varint(16, 2)
            .varint(17, 1);
    private static final McsFrame LOGIN_REQUEST_FRAME = new McsFrame.LoginRequest("chrome-94.0.4606.51",
            "mcs.android.com", "4865488135458839813", "4865488135458839813", SECURITY_TOKEN,
            "android-4385a7e3b0aab205", List.of("0:1677356129944104%7031b2e6f9fd7ecd"),
            List.of(new McsFrame.Setting("new_vc", "1")));

    private static final ProtoWriter LOGIN_RESPONSE = ProtoWriter.message()
            .string(1, "chrome-94.0.4606.51")
            .string(2, "")
            .message(4, ProtoWriter.message().string(1, "x").string(2, "y"))
            .varint(5, 1)
            .varint(6, 1)
            .message(7, ProtoWriter.message().varint(1, 1).varint(3, 900000))
            .varint(8, 1700000000123L);
    private static final McsFrame LOGIN_RESPONSE_FRAME = new McsFrame.LoginResponse("chrome-94.0.4606.51", "",
            Optional.empty(), 1, 1700000000123L, OptionalInt.of(900000));

    private static final ProtoWriter DATA_MESSAGE = ProtoWriter.message()
            .string(2, "A1B2C3")
            .string(3, "876313859327")
            .string(4, "")
            .string(5, "org.chromium.linux")
            .string(6, "")
            .message(7, ProtoWriter.message().string(1, "crypto-key").string(2, "dh=BAbc"))
            .message(7, ProtoWriter.message().string(1, "encryption").string(2, "salt=xyz"))
            .message(7, ProtoWriter.message().string(1, "subtype").string(2, "wp:receiver.push.com#1"))
            .string(9, "0:1677356129944104%7031b2e6f9fd7ecd")
            .varint(17, 2419200)
            .varint(18, 1677356129944L)
            .bytes(21, RAW)
            .varint(24, 1);
    private static final McsFrame DATA_MESSAGE_FRAME = new McsFrame.DataMessageStanza("A1B2C3", "876313859327", "",
            "org.chromium.linux", "", List.of(new AppData("crypto-key", "dh=BAbc"),
                    new AppData("encryption", "salt=xyz"), new AppData("subtype", "wp:receiver.push.com#1")),
            "0:1677356129944104%7031b2e6f9fd7ecd", 2419200, 1677356129944L, RAW, true);

    /** Concatenates frames: each argument is a byte[] (verbatim) or a frame built with {@link #frame}. */
    private static byte[] stream(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static byte[] frame(int tag, ProtoWriter body) {
        return frame(tag, body.build());
    }

    private static byte[] frame(int tag, byte[] body) {
        return stream(tag, ProtoWriter.varintBytes(body.length), body);
    }

    static Stream<Arguments> streams() {
        byte[] ping = frame(0, ProtoWriter.message().varint(1, 3).varint(2, 2));
        return Stream.of(
                arguments("client: version, login, heartbeats",
                        stream(41, frame(2, LOGIN_REQUEST), ping, frame(1, new byte[0])),
                        List.of(LOGIN_REQUEST_FRAME, new McsFrame.HeartbeatPing(3, 2, 0),
                                new McsFrame.HeartbeatAck(0, 0, 0)),
                        41, false),
                arguments("server: login response, data message, iq, close",
                        stream(41, frame(3, LOGIN_RESPONSE), frame(8, DATA_MESSAGE),
                                frame(7, ProtoWriter.message().varint(1, 5).varint(2, 1).string(3, "q1")
                                        .message(7, ProtoWriter.message().varint(1, 13).bytes(2, new byte[] {1}))),
                                frame(4, new byte[0])),
                        List.of(LOGIN_RESPONSE_FRAME, DATA_MESSAGE_FRAME,
                                new McsFrame.IqStanza(1, "q1", "", "", OptionalInt.of(13)), new McsFrame.Close()),
                        41, false),
                arguments("server version 38 is accepted", stream(38, frame(3, LOGIN_RESPONSE)),
                        List.of(LOGIN_RESPONSE_FRAME), 38, false),
                arguments("login error and stream error", stream(41,
                                frame(3, ProtoWriter.message().string(1, "x")
                                        .message(3, ProtoWriter.message().varint(1, 401).string(2, "bad").string(3, "auth"))),
                                frame(10, ProtoWriter.message().string(1, "conflict").string(2, "replaced"))),
                        List.of(new McsFrame.LoginResponse("x", "", Optional.of(new McsFrame.ErrorInfo(401, "bad", "auth")),
                                        0, 0, OptionalInt.empty()),
                                new McsFrame.StreamError("conflict", "replaced")),
                        41, false),
                arguments("version only", stream(41), List.of(), 41, false),
                arguments("empty stream", new byte[0], List.of(), -1, false),
                arguments("unknown tags are skipped, then decoding goes on",
                        stream(41, frame(5, new byte[] {9, 9, 9}), frame(15, new byte[0]), frame(200, new byte[300]),
                                ping),
                        List.of(new McsFrame.Unknown(5, 3), new McsFrame.Unknown(15, 0), new McsFrame.Unknown(200, 300),
                                new McsFrame.HeartbeatPing(3, 2, 0)),
                        41, false),
                arguments("body that does not parse is Malformed, the next frame still decodes",
                        stream(41, frame(8, new byte[] {(byte) 0xff, (byte) 0xff}), ping),
                        List.of(new McsFrame.Malformed(8, "DATA_MESSAGE_STANZA: truncated varint at offset 0"),
                                new McsFrame.HeartbeatPing(3, 2, 0)),
                        41, false),
                arguments("field with the wrong wire type is Malformed",
                        stream(41, frame(2, ProtoWriter.message().varint(5, 1))),
                        List.of(new McsFrame.Malformed(2,
                                "LOGIN_REQUEST: field 5: expected length-delimited, got wire type VARINT")),
                        41, false),
                arguments("declared length over the limit stops the decoder",
                        stream(41, ping, 8, ProtoWriter.varintBytes((4 << 20) + 1), frame(4, new byte[0])),
                        List.of(new McsFrame.HeartbeatPing(3, 2, 0), new McsFrame.Malformed(8,
                                "DATA_MESSAGE_STANZA: declared length 4194305 exceeds the limit of 4194304 bytes")),
                        41, true),
                arguments("length varint of six bytes stops the decoder",
                        stream(41, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, ping),
                        List.of(new McsFrame.Malformed(0, "HEARTBEAT_PING: length varint longer than 5 bytes")),
                        41, true),
                arguments("a TLS handshake is not MCS", stream(0x16, 0x03, 0x01, 0x02, 0x00, 0x01),
                        List.of(new McsFrame.Malformed(-1,
                                "unsupported MCS version 22 (0x16: a TLS handshake, the stream is still encrypted)")),
                        22, true),
                arguments("version 40 is refused", stream(40, ping),
                        List.of(new McsFrame.Malformed(-1, "unsupported MCS version 40")), 40, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesWholeStream(String name, byte[] stream, List<McsFrame> expected, int version, boolean stopped) {
        McsDecoder d = new McsDecoder();
        assertEquals(expected, d.feed(stream));
        assertEquals(version, d.version());
        assertEquals(stopped, d.stopped());
        if (stopped) {
            assertEquals(List.of(), d.feed(stream), "a stopped decoder ignores input");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesTheSameSplitAtEveryByteBoundary(String name, byte[] stream, List<McsFrame> expected, int version,
            boolean stopped) {
        for (int split = 0; split <= stream.length; split++) {
            McsDecoder d = new McsDecoder();
            List<McsFrame> got = new ArrayList<>(d.feed(stream, 0, split));
            got.addAll(d.feed(stream, split, stream.length - split));
            assertEquals(expected, got, "split at " + split);
            assertEquals(stopped, d.stopped());
        }
        McsDecoder d = new McsDecoder();
        List<McsFrame> got = new ArrayList<>();
        for (byte b : stream) {
            got.addAll(d.feed(new byte[] {b}));
        }
        assertEquals(expected, got, "byte by byte");
        assertEquals(version, d.version());
    }

    @Test
    void framesCompleteAsSoonAsTheirLastByteArrives() {
        byte[] s = stream(41, frame(8, DATA_MESSAGE));
        McsDecoder d = new McsDecoder();
        assertEquals(List.of(), d.feed(s, 0, s.length - 1));
        assertEquals(s.length - 2, d.pending());
        assertEquals(List.of(DATA_MESSAGE_FRAME), d.feed(s, s.length - 1, 1));
        assertEquals(0, d.pending());
    }

    @Test
    void finishReportsAStreamThatEndsInsideAFrame() {
        byte[] s = stream(41, frame(8, DATA_MESSAGE));
        McsDecoder d = new McsDecoder();
        d.feed(Arrays.copyOf(s, 10));
        List<McsFrame> end = d.finish();
        assertEquals(1, end.size());
        assertEquals(8, end.get(0).tag());
        assertTrue(((McsFrame.Malformed) end.get(0)).reason().startsWith("stream ended inside a frame"));
        assertTrue(d.stopped());

        McsDecoder clean = new McsDecoder();
        clean.feed(s);
        assertEquals(List.of(), clean.finish());
    }

    @Test
    void aHugeDeclaredLengthWithinTheLimitAllocatesOnlyWhatArrives() {
        McsDecoder d = new McsDecoder(Integer.MAX_VALUE);
        assertEquals(List.of(), d.feed(stream(41, 8, ProtoWriter.varintBytes(Integer.MAX_VALUE), new byte[10])));
        assertFalse(d.stopped());
        assertEquals(1 + 5 + 10, d.pending());
    }

    @Test
    void acceptsByteBuffersAndSmallerLimits() {
        byte[] s = stream(41, frame(8, DATA_MESSAGE));
        ByteBuffer direct = ByteBuffer.allocateDirect(s.length).put(s).flip();
        assertEquals(List.of(DATA_MESSAGE_FRAME), new McsDecoder().feed(direct));
        assertEquals(0, direct.remaining());
        ByteBuffer heap = ByteBuffer.wrap(stream(0, s)).position(1);
        assertEquals(List.of(DATA_MESSAGE_FRAME), new McsDecoder().feed(heap));

        McsDecoder small = new McsDecoder(16);
        List<McsFrame> got = small.feed(s);
        assertEquals(1, got.size());
        assertTrue(got.get(0) instanceof McsFrame.Malformed m && m.reason().contains("exceeds the limit of 16"));
    }

    @Test
    void secretsAndBytesStayOutOfToString() {
        String login = LOGIN_REQUEST_FRAME.toString();
        assertFalse(login.contains(SECURITY_TOKEN), login);
        assertTrue(login.contains("authToken=<redacted>"), login);
        String data = DATA_MESSAGE_FRAME.toString();
        assertTrue(data.contains("rawData=6 bytes"), data);
        McsFrame.DataMessageStanza m = (McsFrame.DataMessageStanza) DATA_MESSAGE_FRAME;
        assertEquals(Optional.of("dh=BAbc"), m.appData("crypto-key"));
        assertEquals(Optional.empty(), m.appData("Crypto-Key"));
        m.rawData()[0] = 42;
        assertEquals(1, m.rawData()[0], "raw data is copied out");
    }
}
