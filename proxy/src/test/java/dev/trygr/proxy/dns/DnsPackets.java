package dev.trygr.proxy.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built DNS messages for tests: the bytes exactly as the wire carries them. */
final class DnsPackets {
    private DnsPackets() {
    }

    /** A standard query (RD set) for {@code name} of {@code type}, class IN. */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, id, 0x01, 0x00, 1, 0, 0, 0);
        name(out, name);
        u16(out, type);
        u16(out, DnsTypes.CLASS_IN);
        return out.toByteArray();
    }

    /** A header with the given flag bytes and section counts. */
    static void header(ByteArrayOutputStream out, int id, int flags1, int flags2, int qd, int an, int ns, int ar) {
        u16(out, id);
        out.write(flags1);
        out.write(flags2);
        u16(out, qd);
        u16(out, an);
        u16(out, ns);
        u16(out, ar);
    }

    /** A name as labels, uncompressed; "." is the root. */
    static void name(ByteArrayOutputStream out, String name) {
        if (!name.equals(".")) {
            for (String label : name.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        u16(out, (int) (value >>> 16));
        u16(out, (int) (value & 0xFFFF));
    }

    /** The message with the two-byte length prefix of DNS over TCP. */
    static byte[] framed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, message.length);
        out.writeBytes(message);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
