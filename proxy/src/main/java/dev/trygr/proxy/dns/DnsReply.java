package dev.trygr.proxy.dns;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An answer message (from the upstream resolver, or one trygr wrote), read far enough to match it to its query
 * and to record it: header, question, and the answer section rendered as {@code TYPE value} strings
 * ({@code A 192.0.2.1}, {@code CNAME edge.example.net}; unknown types in RFC 3597 form {@code TYPE64 \# 3 0a0b0c}).
 *
 * @param name  the question's name, or null when the message has no question (some servers send none with an
 *              error code)
 * @param answers the answer records that could be read; reading stops at the first broken one (the message is
 *                relayed as it is anyway)
 */
record DnsReply(int id, boolean truncated, int rcode, String name, int type, int qclass, List<String> answers) {
    /** rdata beyond this many bytes is cut from the recorded text of an unknown record type. */
    static final int MAX_RENDERED_RDATA = 256;

    DnsReply {
        answers = List.copyOf(answers);
    }

    String rcodeName() {
        return DnsTypes.rcodeName(rcode);
    }

    /**
     * Whether this is the answer to {@code query} sent upstream with id {@code sentId}: same id and the same
     * question (names compared ignoring ASCII case), or no question at all with an error code.
     */
    boolean answers(DnsQuery query, int sentId) {
        if (id != sentId) {
            return false;
        }
        if (name == null) {
            return rcode != DnsTypes.NOERROR;
        }
        return name.equalsIgnoreCase(query.name()) && type == query.type() && qclass == query.qclass();
    }

    /** @throws MalformedDnsException when the header or the question cannot be read, or it is not a response */
    static DnsReply parse(byte[] message) throws MalformedDnsException {
        if (message.length < DnsQuery.HEADER_BYTES) {
            throw new MalformedDnsException("truncated header: " + message.length + " bytes");
        }
        if ((message[2] & 0x80) == 0) {
            throw new MalformedDnsException("not a response: the QR bit is clear");
        }
        int id = DnsQuery.u16(message, 0);
        boolean truncated = (message[2] & 0x02) != 0;
        int rcode = message[3] & 0x0F;
        int questions = DnsQuery.u16(message, 4);
        int answerCount = DnsQuery.u16(message, 6);
        if (questions > 1) {
            throw new MalformedDnsException(questions + " questions, expected 1");
        }
        int pos = DnsQuery.HEADER_BYTES;
        String name = null;
        int type = 0;
        int qclass = 0;
        if (questions == 1) {
            DnsNames.Read read = DnsNames.read(message, pos, true);
            pos = read.end() + 4;
            if (pos > message.length) {
                throw new MalformedDnsException("truncated question");
            }
            name = read.name();
            type = DnsQuery.u16(message, read.end());
            qclass = DnsQuery.u16(message, read.end() + 2);
        }
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < answerCount; i++) {
                DnsNames.Read owner = DnsNames.read(message, pos, true);
                int rdata = owner.end() + 10;
                if (rdata > message.length) {
                    break;
                }
                int recordType = DnsQuery.u16(message, owner.end());
                int rdLength = DnsQuery.u16(message, owner.end() + 8);
                if (rdata + rdLength > message.length) {
                    break;
                }
                answers.add(render(message, recordType, rdata, rdLength));
                pos = rdata + rdLength;
            }
        } catch (MalformedDnsException e) {
            // keep the answers read so far
        }
        return new DnsReply(id, truncated, rcode, name, type, qclass, answers);
    }

    private static String render(byte[] message, int type, int rdata, int length) throws MalformedDnsException {
        String mnemonic = DnsTypes.typeName(type);
        switch (type) {
            case DnsTypes.A:
            case DnsTypes.AAAA:
                if (length == (type == DnsTypes.A ? 4 : 16)) {
                    return mnemonic + " " + NetUtil.bytesToIpAddress(message, rdata, length);
                }
                break;
            case DnsTypes.CNAME:
            case DnsTypes.NS:
            case DnsTypes.PTR:
            case DnsTypes.DNAME:
                return mnemonic + " " + DnsNames.read(message, rdata, true).name();
            case DnsTypes.MX:
                if (length >= 3) {
                    return mnemonic + " " + DnsQuery.u16(message, rdata) + " "
                            + DnsNames.read(message, rdata + 2, true).name();
                }
                break;
            case DnsTypes.TXT:
                return mnemonic + " " + characterStrings(message, rdata, length);
            default:
                break;
        }
        int shown = Math.min(length, MAX_RENDERED_RDATA);
        return mnemonic + " \\# " + length + (length == 0 ? "" : " "
                + HexFormat.of().formatHex(message, rdata, rdata + shown) + (shown < length ? "…" : ""));
    }

    private static String characterStrings(byte[] message, int from, int length) {
        StringBuilder out = new StringBuilder();
        int pos = from;
        int end = from + length;
        while (pos < end) {
            int n = Math.min(message[pos] & 0xFF, end - pos - 1);
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('"');
            for (int i = pos + 1; i <= pos + n; i++) {
                int b = message[i] & 0xFF;
                if (b == '"' || b == '\\') {
                    out.append('\\').append((char) b);
                } else if (b >= 0x20 && b < 0x7F) {
                    out.append((char) b);
                } else {
                    out.append('\\').append(String.format("%03d", b));
                }
            }
            out.append('"');
            pos += 1 + n;
        }
        return out.toString();
    }
}
