package dev.trygr.proxy.dns;

import java.util.Map;

/** The numbers of the DNS wire format trygr uses, and their mnemonics as dig prints them. */
final class DnsTypes {
    static final int A = 1;
    static final int NS = 2;
    static final int CNAME = 5;
    static final int PTR = 12;
    static final int MX = 15;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int DNAME = 39;
    static final int SVCB = 64;
    static final int HTTPS = 65;
    static final int ANY = 255;

    static final int CLASS_IN = 1;

    static final int NOERROR = 0;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;

    private static final Map<Integer, String> TYPES = Map.ofEntries(
            Map.entry(A, "A"), Map.entry(NS, "NS"), Map.entry(CNAME, "CNAME"), Map.entry(6, "SOA"),
            Map.entry(PTR, "PTR"), Map.entry(13, "HINFO"), Map.entry(MX, "MX"), Map.entry(TXT, "TXT"),
            Map.entry(AAAA, "AAAA"), Map.entry(33, "SRV"), Map.entry(35, "NAPTR"), Map.entry(DNAME, "DNAME"),
            Map.entry(41, "OPT"), Map.entry(43, "DS"), Map.entry(44, "SSHFP"), Map.entry(46, "RRSIG"),
            Map.entry(47, "NSEC"), Map.entry(48, "DNSKEY"), Map.entry(50, "NSEC3"), Map.entry(52, "TLSA"),
            Map.entry(SVCB, "SVCB"), Map.entry(HTTPS, "HTTPS"), Map.entry(99, "SPF"), Map.entry(252, "AXFR"),
            Map.entry(ANY, "ANY"), Map.entry(257, "CAA"));

    private static final String[] RCODES = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
        "NOTAUTH", "NOTZONE",
    };

    private DnsTypes() {
    }

    /** The type's mnemonic ({@code A}, {@code HTTPS}), or {@code TYPEn} (RFC 3597) for the others. */
    static String typeName(int type) {
        String name = TYPES.get(type);
        return name != null ? name : "TYPE" + type;
    }

    /** The response code's mnemonic ({@code NOERROR}, {@code NXDOMAIN}), or {@code RCODEn}. */
    static String rcodeName(int rcode) {
        return rcode >= 0 && rcode < RCODES.length ? RCODES[rcode] : "RCODE" + rcode;
    }
}
