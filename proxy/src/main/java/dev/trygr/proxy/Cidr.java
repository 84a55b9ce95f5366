package dev.trygr.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 192.168.1.0/24} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength, String text) {

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (!HostPort.isIpLiteral(addressText)) {
            throw new IllegalArgumentException("--allow takes an address range like 192.168.1.0/24, got '" + text + "'");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(addressText).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid address in '" + text + "'");
        }
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(p);
        }
        return new Cidr(mask(address, prefix), prefix, text);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            candidate = mappedIpv4(candidate, network.length);
            if (candidate == null) {
                return false;
            }
        }
        return java.util.Arrays.equals(mask(candidate, prefixLength), network);
    }

    private static byte[] mappedIpv4(byte[] candidate, int wanted) {
        if (candidate.length == 16 && wanted == 4) {
            for (int i = 0; i < 10; i++) {
                if (candidate[i] != 0) {
                    return null;
                }
            }
            if (candidate[10] == (byte) 0xff && candidate[11] == (byte) 0xff) {
                return java.util.Arrays.copyOfRange(candidate, 12, 16);
            }
        }
        return null;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
