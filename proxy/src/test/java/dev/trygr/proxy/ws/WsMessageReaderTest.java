package dev.trygr.proxy.ws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;

import static dev.trygr.proxy.testing.WsFrames.deflate;
import static dev.trygr.proxy.testing.WsFrames.pattern;
import static dev.trygr.proxy.testing.WsFrames.rawDeflater;
import static dev.trygr.proxy.testing.WsFrames.stream;
import static dev.trygr.proxy.testing.WsFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame reader, table-driven: each case is fed whole, split in two at every byte position (sampled for the
 * large ones), and one byte at a time; every way must give the same messages and the same failure.
 */
class WsMessageReaderTest {
    private static final boolean CLIENT = true;
    private static final boolean SERVER = false;
    private static final WsHandshake PLAIN = WsHandshake.PLAIN;
    private static final WsHandshake DEFLATE = new WsHandshake(true, false, false);
    private static final WsHandshake DEFLATE_NO_TAKEOVER = new WsHandshake(true, true, true);
    private static final long BIG = 1 << 20;

    /** One table row: the input of one direction and what the reader must make of it. */
    record Case(String name, boolean fromClient, WsHandshake handshake, long maxBody, long inflateLimit,
                byte[] input, List<String> messages, String failure) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case ok(String name, boolean fromClient, WsHandshake hs, long maxBody, byte[] input,
                           String... messages) {
        return new Case(name, fromClient, hs, maxBody, WsMessageReader.DEFAULT_INFLATE_LIMIT, input,
                List.of(messages), null);
    }

    private static Case bad(String name, boolean fromClient, WsHandshake hs, byte[] input, String failure,
                            String... messages) {
        return new Case(name, fromClient, hs, BIG, WsMessageReader.DEFAULT_INFLATE_LIMIT, input, List.of(messages),
                failure);
    }

    /** {@code opcode length [z] [cut] payload}: what a message must look like. */
    private static String msg(int opcode, long length, boolean compressed, boolean truncated, byte[] payload) {
        return opcode + " " + length + (compressed ? " z" : "") + (truncated ? " cut" : "") + " " + show(payload);
    }

    private static String text(String s) {
        return msg(1, utf8(s).length, false, false, utf8(s));
    }

    private static String show(byte[] payload) {
        if (payload.length <= 64) {
            return "'" + new String(payload, StandardCharsets.ISO_8859_1) + "'";
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(payload);
            return payload.length + " bytes sha256:" + HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        byte[] hello = utf8("hello");
        cases.add(ok("server text", SERVER, PLAIN, BIG, stream().frame(true, false, 1, false, hello).bytes(),
                text("hello")));
        byte[] bin = pattern(100);
        cases.add(ok("server binary", SERVER, PLAIN, BIG, stream().frame(true, false, 2, false, bin).bytes(),
                msg(2, 100, false, false, bin)));
        cases.add(ok("masked client text", CLIENT, PLAIN, BIG, stream().frame(true, false, 1, true, hello).bytes(),
                text("hello")));
        cases.add(ok("empty text and two messages back to back", SERVER, PLAIN, BIG, stream()
                .frame(true, false, 1, false, new byte[0]).frame(true, false, 2, false, hello).bytes(),
                text(""), msg(2, 5, false, false, hello)));
        cases.add(ok("fragmented with a ping in between", SERVER, PLAIN, BIG, stream()
                .frame(false, false, 1, false, utf8("Hel"))
                .frame(true, false, 9, false, utf8("p"))
                .frame(false, false, 0, false, utf8("lo "))
                .frame(true, false, 0, false, utf8("world")).bytes(),
                msg(9, 1, false, false, utf8("p")), text("Hello world")));
        cases.add(ok("masked client fragments, ping and empty last fragment", CLIENT, PLAIN, BIG, stream()
                .frame(false, false, 2, true, utf8("ab"))
                .frame(true, false, 9, true, new byte[0])
                .frame(false, false, 0, true, utf8("cd"))
                .frame(true, false, 0, true, new byte[0]).bytes(),
                msg(9, 0, false, false, new byte[0]), msg(2, 4, false, false, utf8("abcd"))));
        byte[] closePayload = {0x03, (byte) 0xe8, 'b', 'y', 'e'};
        cases.add(ok("close and pong", SERVER, PLAIN, BIG, stream()
                .frame(true, false, 10, false, utf8("pong"))
                .frame(true, false, 8, false, closePayload).bytes(),
                msg(10, 4, false, false, utf8("pong")), msg(8, 5, false, false, closePayload)));
        byte[] p300 = pattern(300);
        cases.add(ok("16-bit length, masked", CLIENT, PLAIN, BIG, stream().frame(true, false, 2, true, p300).bytes(),
                msg(2, 300, false, false, p300)));
        byte[] p65535 = pattern(65535);
        cases.add(ok("16-bit length at its maximum", SERVER, PLAIN, BIG,
                stream().frame(true, false, 2, false, p65535).bytes(), msg(2, 65535, false, false, p65535)));
        byte[] p70000 = pattern(70000);
        cases.add(ok("64-bit length", SERVER, PLAIN, BIG, stream().frame(true, false, 2, false, p70000).bytes(),
                msg(2, 70000, false, false, p70000)));
        byte[] p65536 = pattern(65536);
        cases.add(ok("64-bit length, masked", CLIENT, PLAIN, BIG, stream().frame(true, false, 2, true, p65536).bytes(),
                msg(2, 65536, false, false, p65536)));
        cases.add(ok("oversized message truncated at maxBody, next one whole", SERVER, PLAIN, 10, stream()
                .frame(true, false, 2, false, p300)
                .frame(true, false, 1, false, hello).bytes(),
                msg(2, 300, false, true, Arrays.copyOf(p300, 10)), text("hello")));
        cases.add(ok("fragmented message over maxBody, ping kept whole within maxBody", CLIENT, PLAIN, 4, stream()
                .frame(false, false, 1, true, utf8("abc"))
                .frame(true, false, 9, true, utf8("xy"))
                .frame(true, false, 0, true, utf8("def")).bytes(),
                msg(9, 2, false, false, utf8("xy")), msg(1, 6, false, true, utf8("abcd"))));
        cases.add(ok("maxBody 0 keeps nothing", SERVER, PLAIN, 0, stream().frame(true, false, 1, false, hello).bytes(),
                msg(1, 5, false, true, new byte[0])));
        compressed(cases);
        violations(cases);
        return cases;
    }

    private static void compressed(List<Case> cases) {
        byte[] m = utf8("{\"kind\":\"ding\",\"doorbot_id\":12345,\"state\":\"ringing\",\"kind2\":\"ding\"}");
        Deflater shared = rawDeflater();
        byte[] c1 = deflate(shared, m);
        byte[] c2 = deflate(shared, m);
        assertTrue(c2.length < c1.length, "the second message refers back to the first");
        cases.add(ok("compressed with context takeover", SERVER, DEFLATE, BIG, stream()
                .frame(true, true, 1, false, c1).frame(true, true, 1, false, c2).bytes(),
                msg(1, c1.length, true, false, m), msg(1, c2.length, true, false, m)));
        cases.add(ok("compressed masked client with context takeover", CLIENT, DEFLATE, BIG, stream()
                .frame(true, true, 1, true, c1).frame(true, true, 1, true, c2).bytes(),
                msg(1, c1.length, true, false, m), msg(1, c2.length, true, false, m)));

        Deflater fresh = rawDeflater();
        byte[] n1 = deflate(fresh, m);
        fresh.reset();
        byte[] n2 = deflate(fresh, utf8("second"));
        cases.add(ok("compressed without context takeover", SERVER, DEFLATE_NO_TAKEOVER, BIG, stream()
                .frame(true, true, 1, false, n1).frame(true, true, 2, false, n2).bytes(),
                msg(1, n1.length, true, false, m), msg(2, n2.length, true, false, utf8("second"))));
        cases.add(ok("context reset by the sender is read with takeover too", CLIENT, DEFLATE, BIG, stream()
                .frame(true, true, 1, true, n1).frame(true, true, 2, true, n2).bytes(),
                msg(1, n1.length, true, false, m), msg(2, n2.length, true, false, utf8("second"))));

        byte[] half1 = Arrays.copyOf(c1, c1.length / 2);
        byte[] half2 = Arrays.copyOfRange(c1, c1.length / 2, c1.length);
        cases.add(ok("compressed fragments with a ping in between", CLIENT, DEFLATE, BIG, stream()
                .frame(false, true, 1, true, half1)
                .frame(true, false, 9, true, utf8("p"))
                .frame(true, false, 0, true, half2).bytes(),
                msg(9, 1, false, false, utf8("p")), msg(1, c1.length, true, false, m)));

        String digits = "0123456789".repeat(100);
        Deflater big = rawDeflater();
        byte[] b1 = deflate(big, utf8(digits));
        byte[] b2 = deflate(big, utf8(digits));
        byte[] b3 = deflate(big, utf8("0123456"));
        cases.add(ok("compressed over maxBody keeps the context for the next messages", SERVER, DEFLATE, 10, stream()
                .frame(true, true, 1, false, b1).frame(true, true, 1, false, b2).frame(true, true, 1, false, b3)
                .bytes(),
                msg(1, b1.length, true, true, utf8("0123456789")), msg(1, b2.length, true, true, utf8("0123456789")),
                msg(1, b3.length, true, false, utf8("0123456"))));
        Deflater each = rawDeflater();
        byte[] e1 = deflate(each, utf8(digits));
        each.reset();
        byte[] e2 = deflate(each, utf8("0123456"));
        cases.add(ok("compressed over maxBody without takeover", CLIENT, DEFLATE_NO_TAKEOVER, 10, stream()
                .frame(true, true, 1, true, e1).frame(true, true, 1, true, e2).bytes(),
                msg(1, e1.length, true, true, utf8("0123456789")), msg(1, e2.length, true, false, utf8("0123456"))));

        Deflater bomb = rawDeflater();
        byte[] z1 = deflate(bomb, new byte[5000]);
        byte[] z2 = deflate(bomb, utf8("after"));
        cases.add(new Case("inflate limit with takeover: later compressed messages are lost", SERVER, DEFLATE, 50,
                100, stream().frame(true, true, 2, false, z1).frame(true, true, 1, false, z2)
                .frame(true, false, 1, false, utf8("plain")).bytes(),
                List.of(msg(2, z1.length, true, true, new byte[50]), "1 " + z2.length + " z cut ''", text("plain")),
                null));
        Deflater bomb2 = rawDeflater();
        byte[] y1 = deflate(bomb2, new byte[5000]);
        bomb2.reset();
        byte[] y2 = deflate(bomb2, utf8("after"));
        cases.add(new Case("inflate limit without takeover: the next message is fine", SERVER, DEFLATE_NO_TAKEOVER,
                50, 100, stream().frame(true, true, 2, false, y1).frame(true, true, 1, false, y2).bytes(),
                List.of(msg(2, y1.length, true, true, new byte[50]), msg(1, y2.length, true, false, utf8("after"))),
                null));

        byte[] corrupt = {(byte) 0xff, (byte) 0xff, 0x12, 0x34};
        cases.add(ok("corrupt deflate data: truncated, later compressed messages lost, framing goes on", SERVER,
                DEFLATE, BIG, stream().frame(true, true, 1, false, corrupt).frame(true, true, 1, false, c1)
                .frame(true, false, 2, false, utf8("ok")).bytes(),
                "1 4 z cut ''", "1 " + c1.length + " z cut ''", msg(2, 2, false, false, utf8("ok"))));
    }

    private static void violations(List<Case> cases) {
        byte[] http = utf8("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");
        cases.add(bad("garbage from the server", SERVER, PLAIN, http, "reserved opcode 7 at byte 0"));
        cases.add(bad("garbage from the client", CLIENT, DEFLATE, http, "reserved opcode 7 at byte 0"));
        cases.add(bad("garbage after a message; later valid frames ignored", SERVER, PLAIN, stream()
                .frame(true, false, 1, false, utf8("hello"))
                .raw(0x83, 0x00)
                .frame(true, false, 1, false, utf8("late")).bytes(),
                "reserved opcode 3 at byte 7", text("hello")));
        cases.add(bad("RSV2", SERVER, DEFLATE, stream().raw(0xa1, 0x00).bytes(), "RSV2/RSV3 set"));
        cases.add(bad("RSV1 without permessage-deflate", SERVER, PLAIN, stream().raw(0xc1, 0x00).bytes(),
                "RSV1 set without permessage-deflate"));
        cases.add(bad("RSV1 on a control frame", SERVER, DEFLATE, stream().raw(0xc9, 0x00).bytes(),
                "RSV1 on a control frame"));
        cases.add(bad("RSV1 on a continuation", SERVER, DEFLATE, stream()
                .frame(false, true, 1, false, new byte[0]).raw(0xc0, 0x00).bytes(),
                "RSV1 on a continuation frame at byte 2", "1 0 z cut ''"));
        cases.add(bad("unmasked client frame", CLIENT, PLAIN, stream().frame(true, false, 1, false, utf8("x")).bytes(),
                "client frame not masked"));
        cases.add(bad("masked server frame", SERVER, PLAIN, stream().frame(true, false, 1, true, utf8("x")).bytes(),
                "server frame masked"));
        cases.add(bad("fragmented ping", SERVER, PLAIN, stream().raw(0x09, 0x00).bytes(), "fragmented control frame"));
        cases.add(bad("control frame over 125 bytes", SERVER, PLAIN, stream().raw(0x89, 126, 0, 126).bytes(),
                "control frame longer than 125 bytes"));
        cases.add(bad("continuation without a message", SERVER, PLAIN, stream().raw(0x80, 0x00).bytes(),
                "continuation frame without a message"));
        cases.add(bad("new message inside a fragmented one: the partial one is kept, truncated", SERVER, PLAIN,
                stream().frame(false, false, 1, false, utf8("abc")).frame(true, false, 1, false, utf8("def")).bytes(),
                "new message before the previous one ended at byte 5", msg(1, 3, false, true, utf8("abc"))));
        cases.add(bad("64-bit length with the top bit set", SERVER, PLAIN,
                stream().raw(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1).bytes(), "64-bit length with its top bit set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheSameWhateverTheChunks(Case c) {
        Outcome whole = run(c, new int[0]);
        assertEquals(c.messages(), whole.messages, c.name());
        if (c.failure() == null) {
            assertNull(whole.failure, c.name());
        } else {
            assertTrue(whole.failure != null && whole.failure.contains(c.failure()),
                    c.name() + ": failure was " + whole.failure);
        }
        int n = c.input().length;
        for (int split : splits(n)) {
            Outcome o = run(c, new int[] {split});
            assertEquals(whole, o, c.name() + " split at byte " + split);
        }
        int[] everyByte = new int[Math.max(n - 1, 0)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(whole, run(c, everyByte), c.name() + " one byte at a time");
    }

    /** Every position for small inputs; for large ones the ends, around the headers, and a stride. */
    private static List<Integer> splits(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            if (n <= 4096 || i < 40 || i > n - 40 || i % 997 == 0) {
                out.add(i);
            }
        }
        return out;
    }

    private record Outcome(List<String> messages, String failure) {}

    private static Outcome run(Case c, int[] cuts) {
        List<String> seen = new ArrayList<>();
        WsMessageReader reader = new WsMessageReader(c.fromClient(), c.handshake(), c.maxBody(), c.inflateLimit(),
                m -> seen.add(msg(m.opcode(), m.length(), m.compressed(), m.truncated(), m.payload())));
        byte[] input = c.input().clone();   // the reader unmasks in place
        int from = 0;
        for (int cut : cuts) {
            reader.feed(input, from, cut - from);
            from = cut;
        }
        reader.feed(input, from, input.length - from);
        String failure = reader.failure();
        reader.finish();
        return new Outcome(seen, failure);
    }

    /**
     * Read as if the server reset its context, a message that refers back to the previous one cannot be inflated:
     * it is truncated, its payload a prefix of the real one (how long depends on where chunks ended, since inflated
     * bytes are kept as they come), and the next messages are read as usual.
     */
    @Test
    void aTakeoverStreamReadWithoutTakeoverTruncatesTheMessageThatRefersBack() {
        byte[] m = utf8("{\"kind\":\"ding\",\"doorbot_id\":12345}");
        Deflater shared = rawDeflater();
        byte[] c1 = deflate(shared, m);
        byte[] c2 = deflate(shared, m);
        byte[] frames = stream().frame(true, true, 1, false, c1).frame(true, true, 1, false, c2)
                .frame(true, false, 1, false, utf8("plain")).bytes();
        for (int split = 0; split <= frames.length; split++) {
            List<ParsedMessage> seen = new ArrayList<>();
            WsMessageReader reader = new WsMessageReader(SERVER, new WsHandshake(true, true, false), BIG, seen::add);
            byte[] input = frames.clone();
            reader.feed(input, 0, split);
            reader.feed(input, split, input.length - split);
            assertNull(reader.failure());
            assertEquals(3, seen.size());
            assertArrayEquals(m, seen.get(0).payload());
            ParsedMessage broken = seen.get(1);
            assertTrue(broken.truncated() && broken.compressed() && broken.length() == c2.length);
            assertTrue(broken.payload().length < m.length
                    && Arrays.equals(broken.payload(), Arrays.copyOf(m, broken.payload().length)), "a prefix");
            assertEquals("plain", new String(seen.get(2).payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMessageCutShortByTheEndOfTheStreamIsHandedOutTruncated() {
        List<ParsedMessage> seen = new ArrayList<>();
        WsMessageReader reader = new WsMessageReader(SERVER, PLAIN, BIG, seen::add);
        byte[] frames = stream().frame(true, false, 1, false, utf8("one"))
                .frame(false, false, 2, false, utf8("two"))
                .frame(true, false, 0, false, utf8("three")).bytes();
        reader.feed(frames, 0, frames.length - 2);
        assertEquals(1, seen.size());
        reader.finish();
        assertEquals(2, seen.size());
        ParsedMessage cut = seen.get(1);
        assertEquals(2, cut.opcode());
        assertEquals("twothr", new String(cut.payload(), StandardCharsets.US_ASCII));
        assertTrue(cut.truncated());
        assertTrue(reader.stopped());
        assertNull(reader.failure(), "the end of a stream is not a protocol violation");
        reader.feed(frames, 0, frames.length);
        reader.finish();
        assertEquals(2, seen.size(), "nothing is read after the end");
    }

    @Test
    void aStreamEndingBetweenMessagesHandsOutNothingMore() {
        List<ParsedMessage> seen = new ArrayList<>();
        WsMessageReader reader = new WsMessageReader(CLIENT, DEFLATE, BIG, seen::add);
        byte[] frame = stream().frame(true, false, 1, true, utf8("x")).bytes();
        reader.feed(frame, 0, frame.length);
        reader.feed(new byte[] {(byte) 0x81}, 0, 1);   // half a header
        reader.finish();
        assertEquals(1, seen.size());
        assertEquals(frame.length + 1, reader.offset());
    }
}
