package dev.trygr.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * What trygr reads from a TLS ClientHello before deciding how to answer it: the server name (SNI) and the
 * ALPN protocols offered. Parsed from the first handshake record; pure, no Netty.
 */
public record ClientHello(String sni, List<String> alpn) {

    /** Result of looking at the first bytes of a connection where a ClientHello is expected. */
    public sealed interface Peek {
        /** More bytes are needed. */
        record NeedMore() implements Peek {}

        /** The bytes are not a TLS handshake; {@code reason} says what they look like. */
        record NotTls(String reason) implements Peek {}

        record Parsed(ClientHello hello) implements Peek {}
    }

    private static final int RECORD_HEADER = 5;
    private static final int MAX_RECORD = 16384 + 2048;

    /**
     * Looks at {@code data[0..length)}. Only the first record is parsed; a ClientHello split over several records
     * (rare) yields what the first holds, and a hello that cannot be parsed yields one with no SNI.
     */
    public static Peek peek(byte[] data, int length) {
        if (length < 1) {
            return new Peek.NeedMore();
        }
        if (data[0] != 0x16) {
            return new Peek.NotTls(describe(data, length));
        }
        if (length < RECORD_HEADER) {
            return new Peek.NeedMore();
        }
        if (data[1] != 0x03) {
            return new Peek.NotTls("a TLS record with unknown version " + (data[1] & 0xff) + "." + (data[2] & 0xff));
        }
        int recordLength = ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        if (recordLength == 0 || recordLength > MAX_RECORD) {
            return new Peek.NotTls("a TLS record of impossible length " + recordLength);
        }
        if (length < RECORD_HEADER + recordLength) {
            return new Peek.NeedMore();
        }
        if (data[RECORD_HEADER] != 0x01) {
            return new Peek.NotTls("a TLS handshake that does not start with a ClientHello");
        }
        return new Peek.Parsed(parseHello(data, RECORD_HEADER, recordLength));
    }

    /** The number of bytes {@link #peek} wants at most before it can decide. */
    public static int maxPeekBytes() {
        return RECORD_HEADER + MAX_RECORD;
    }

    private static ClientHello parseHello(byte[] b, int start, int length) {
        try {
            Reader r = new Reader(b, start, start + length);
            r.skip(1);                       // msg_type
            int helloLength = r.u24();
            r.limit(Math.min(r.end, r.pos + helloLength));
            r.skip(2 + 32);                  // legacy_version, random
            r.skip(r.u8());                  // session id
            r.skip(r.u16());                 // cipher suites
            r.skip(r.u8());                  // compression methods
            if (r.remaining() < 2) {
                return new ClientHello(null, List.of());
            }
            int extensionsEnd = r.pos + 2 + r.u16();
            String sni = null;
            List<String> alpn = new ArrayList<>();
            while (r.pos + 4 <= Math.min(extensionsEnd, r.end)) {
                int type = r.u16();
                int extLength = r.u16();
                int extEnd = r.pos + extLength;
                if (type == 0 && extLength > 2) {
                    sni = serverName(r);
                } else if (type == 16 && extLength > 2) {
                    int listEnd = r.pos + 2 + r.u16();
                    while (r.pos < listEnd) {
                        alpn.add(r.ascii(r.u8()));
                    }
                }
                r.pos = extEnd;
            }
            return new ClientHello(sni, List.copyOf(alpn));
        } catch (IndexOutOfBoundsException e) {
            return new ClientHello(null, List.of());
        }
    }

    private static String serverName(Reader r) {
        int listEnd = r.pos + 2 + r.u16();
        while (r.pos + 3 <= listEnd) {
            int nameType = r.u8();
            int nameLength = r.u16();
            if (nameType == 0) {
                String name = r.ascii(nameLength);
                return HostPort.isPlausibleHost(name) && !name.isEmpty() ? name : null;
            }
            r.skip(nameLength);
        }
        return null;
    }

    private static String describe(byte[] data, int length) {
        int n = Math.min(length, 8);
        boolean printable = true;
        for (int i = 0; i < n; i++) {
            printable &= data[i] >= 0x20 && data[i] < 0x7f;
        }
        if (printable) {
            return "plain text ('" + new String(data, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + "…')";
        }
        return "bytes that are not TLS (first byte 0x" + String.format("%02x", data[0] & 0xff) + ")";
    }

    private static final class Reader {
        final byte[] b;
        int pos;
        int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        void limit(int newEnd) {
            end = newEnd;
        }

        int remaining() {
            return end - pos;
        }

        void skip(int n) {
            if (pos + n > end) {
                throw new IndexOutOfBoundsException();
            }
            pos += n;
        }

        int u8() {
            check(1);
            return b[pos++] & 0xff;
        }

        int u16() {
            check(2);
            int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        int u24() {
            check(3);
            int v = ((b[pos] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
            pos += 3;
            return v;
        }

        String ascii(int n) {
            check(n);
            String s = new String(b, pos, n, java.nio.charset.StandardCharsets.US_ASCII);
            pos += n;
            return s;
        }

        private void check(int n) {
            if (pos + n > end) {
                throw new IndexOutOfBoundsException();
            }
        }
    }
}
