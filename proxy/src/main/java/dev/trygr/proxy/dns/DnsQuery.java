package dev.trygr.proxy.dns;

import java.util.Arrays;

/**
 * A query as a client sent it: the header fields trygr needs and its one question. {@code name} is rendered by
 * {@link DnsNames} (no trailing dot, the client's letter case); {@code question} holds the question's bytes as
 * sent, to be echoed in the answers trygr writes itself.
 */
record DnsQuery(int id, boolean recursionDesired, String name, int type, int qclass, byte[] question) {
    static final int HEADER_BYTES = 12;

    DnsQuery {
        question = question.clone();
    }

    @Override
    public byte[] question() {
        return question.clone();
    }

    String typeName() {
        return DnsTypes.typeName(type);
    }

    /**
     * Reads a query. Anything after the question (an EDNS OPT record, say) is not looked at: a forwarded query
     * goes upstream byte for byte.
     *
     * @throws MalformedDnsException when it is not a standard query with exactly one readable question
     */
    static DnsQuery parse(byte[] packet) throws MalformedDnsException {
        if (packet.length < HEADER_BYTES) {
            throw new MalformedDnsException("truncated header: " + packet.length + " bytes");
        }
        if ((packet[2] & 0x80) != 0) {
            throw new MalformedDnsException("not a query: the QR bit is set");
        }
        int opcode = (packet[2] >> 3) & 0x0F;
        if (opcode != 0) {
            throw new MalformedDnsException("unsupported opcode " + opcode);
        }
        int questions = u16(packet, 4);
        if (questions != 1) {
            throw new MalformedDnsException(questions + " questions, expected 1");
        }
        DnsNames.Read name = DnsNames.read(packet, HEADER_BYTES, false);
        int end = name.end() + 4;
        if (end > packet.length) {
            throw new MalformedDnsException("truncated question");
        }
        return new DnsQuery(u16(packet, 0), (packet[2] & 0x01) != 0, name.name(), u16(packet, name.end()),
                u16(packet, name.end() + 2), Arrays.copyOfRange(packet, HEADER_BYTES, end));
    }

    /** The message id of any DNS message, or -1 when it is too short to hold one. */
    static int idOf(byte[] message) {
        return message.length < 2 ? -1 : u16(message, 0);
    }

    static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }
}
