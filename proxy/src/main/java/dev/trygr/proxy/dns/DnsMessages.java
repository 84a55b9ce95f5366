package dev.trygr.proxy.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;

/** The messages trygr writes itself: local answers and failures, and the id swap on relayed messages. */
final class DnsMessages {
    /** TTL of local answers: short, so clients return to the real addresses soon after trygr stops. */
    static final int LOCAL_TTL_SECONDS = 60;

    private DnsMessages() {
    }

    /**
     * The answer to {@code query} holding {@code addresses} (A records for IPv4, AAAA for IPv6) with
     * {@code NOERROR}; no addresses make the empty answer (NODATA). The question is echoed as the client sent it.
     */
    static byte[] answer(DnsQuery query, List<InetAddress> addresses) {
        ByteArrayOutputStream out = header(query, DnsTypes.NOERROR, addresses.size());
        for (InetAddress address : addresses) {
            byte[] rdata = address.getAddress();
            u16(out, 0xC000 | DnsQuery.HEADER_BYTES);   // the owner: a pointer to the question's name
            u16(out, rdata.length == 4 ? DnsTypes.A : DnsTypes.AAAA);
            u16(out, DnsTypes.CLASS_IN);
            u16(out, LOCAL_TTL_SECONDS >>> 16);
            u16(out, LOCAL_TTL_SECONDS & 0xFFFF);
            u16(out, rdata.length);
            out.writeBytes(rdata);
        }
        return out.toByteArray();
    }

    /** An answer to {@code query} with no records and the given response code ({@code SERVFAIL}, say). */
    static byte[] failure(DnsQuery query, int rcode) {
        return header(query, rcode, 0).toByteArray();
    }

    /** A copy of {@code message} with its id replaced. */
    static byte[] withId(byte[] message, int id) {
        byte[] copy = message.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }

    /** Header and question: QR set, RD copied from the query, RA set (trygr resolves by forwarding). */
    private static ByteArrayOutputStream header(DnsQuery query, int rcode, int answers) {
        byte[] question = query.question();
        ByteArrayOutputStream out = new ByteArrayOutputStream(DnsQuery.HEADER_BYTES + question.length + 32);
        u16(out, query.id());
        out.write(0x80 | (query.recursionDesired() ? 0x01 : 0));
        out.write(0x80 | (rcode & 0x0F));
        u16(out, 1);
        u16(out, answers);
        u16(out, 0);
        u16(out, 0);
        out.writeBytes(question);
        return out;
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
