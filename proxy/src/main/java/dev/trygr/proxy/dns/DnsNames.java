package dev.trygr.proxy.dns;

/**
 * Reads domain names from DNS messages and renders them the way dig does, without the trailing dot: printable
 * ASCII as is, {@code .} and {@code \} inside a label escaped with {@code \}, other bytes as {@code \DDD}. The
 * root name is {@code "."}.
 */
final class DnsNames {
    /** RFC 1035: a name takes at most 255 bytes on the wire, a label at most 63. */
    static final int MAX_NAME_BYTES = 255;

    /** A name read from a message, and the offset just past it in the message (past the first pointer). */
    record Read(String name, int end) {}

    private DnsNames() {
    }

    /**
     * Reads the name at {@code offset}.
     *
     * @param allowPointers false for a query's question, where a compression pointer could only point into the
     *                      header; true for answers. Each pointer must point before the part of the name being
     *                      read, so a name cannot loop.
     */
    static Read read(byte[] message, int offset, boolean allowPointers) throws MalformedDnsException {
        StringBuilder text = new StringBuilder();
        int pos = offset;
        int segmentStart = offset;
        int end = -1;
        int wireBytes = 1;   // the terminating zero
        while (true) {
            if (pos >= message.length) {
                throw new MalformedDnsException("truncated name");
            }
            int length = message[pos] & 0xFF;
            if (length == 0) {
                pos++;
                break;
            }
            int kind = length & 0xC0;
            if (kind == 0xC0) {
                if (!allowPointers) {
                    throw new MalformedDnsException("compression pointer in the question name");
                }
                if (pos + 1 >= message.length) {
                    throw new MalformedDnsException("truncated name");
                }
                int target = ((length & 0x3F) << 8) | (message[pos + 1] & 0xFF);
                if (target >= segmentStart) {
                    throw new MalformedDnsException("compression pointer does not point backwards");
                }
                if (end < 0) {
                    end = pos + 2;
                }
                pos = target;
                segmentStart = target;
                continue;
            }
            if (kind != 0) {
                throw new MalformedDnsException(String.format("unsupported label type 0x%02x", length));
            }
            if (pos + 1 + length > message.length) {
                throw new MalformedDnsException("truncated name");
            }
            wireBytes += 1 + length;
            if (wireBytes > MAX_NAME_BYTES) {
                throw new MalformedDnsException("name longer than " + MAX_NAME_BYTES + " bytes");
            }
            if (text.length() > 0) {
                text.append('.');
            }
            appendLabel(text, message, pos + 1, length);
            pos += 1 + length;
        }
        return new Read(text.length() == 0 ? "." : text.toString(), end < 0 ? pos : end);
    }

    private static void appendLabel(StringBuilder text, byte[] message, int from, int length) {
        for (int i = from; i < from + length; i++) {
            int b = message[i] & 0xFF;
            if (b == '.' || b == '\\') {
                text.append('\\').append((char) b);
            } else if (b > 0x20 && b < 0x7F) {
                text.append((char) b);
            } else {
                text.append('\\').append(String.format("%03d", b));
            }
        }
    }
}
