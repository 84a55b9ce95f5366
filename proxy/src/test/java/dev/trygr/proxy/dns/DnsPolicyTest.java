package dev.trygr.proxy.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DnsPolicyTest {
    private static final DnsPolicy DEFAULTS = new DnsPolicy(DnsOptions.DEFAULT_INTERCEPT);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "api.ring.com|true",
        "API.RING.COM|true",
        "oauth.ring.com|true",
        "a.b.ring.com|true",
        "ring.com|false",                          // HostGlob: '*.' needs a label; add ring.com to intercept the apex
        "evilring.com|false",
        "api.ring.com.evil.test|false",
        "prd.rings.solutions|true",
        "es.ring.devices.a2z.com|true",
        "android.clients.google.com|true",
        "firebaseinstallations.googleapis.com|true",
        "fcmregistrations.googleapis.com|true",
        "mtalk.google.com|true",
        "MTALK.Google.COM|true",
        "mtalk4.google.com|false",
        "www.google.com|false",
        "googleapis.com|false",
        "example.test|false",
        ".|false",
    })
    void interceptsTheDefaultNames(String name, boolean expected) {
        assertEquals(expected, DEFAULTS.intercepts(name));
    }

    @Test
    void noGlobsInterceptNothing() {
        assertEquals(false, new DnsPolicy(List.of()).intercepts("api.ring.com"));
        assertEquals(true, new DnsPolicy(List.of("*")).intercepts("anything.test"));
    }

    @ParameterizedTest(name = "type {0} class {1} with answer {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "1|1|192.0.2.1|192.0.2.1",      // A gets the IPv4 answer
        "28|1|192.0.2.1|",              // AAAA: empty, the client falls back to IPv4
        "65|1|192.0.2.1|",              // HTTPS: empty, no ECH config, no alternative endpoints
        "64|1|192.0.2.1|",              // SVCB: empty
        "255|1|192.0.2.1|",             // ANY: empty
        "16|1|192.0.2.1|",              // TXT: empty
        "5|1|192.0.2.1|",               // CNAME: empty
        "1|3|192.0.2.1|",               // class CH: empty
        "28|1|2001:db8::5|2001:db8::5", // an IPv6 answer address answers AAAA ...
        "1|1|2001:db8::5|",             // ... and leaves A empty
    })
    void localRecordsByType(int type, int qclass, String answer, String expected) throws Exception {
        List<InetAddress> records = DnsPolicy.localRecords(type, qclass, InetAddress.getByName(answer));
        assertEquals(expected == null ? List.of() : List.of(InetAddress.getByName(expected)), records);
    }

    @ParameterizedTest(name = "configured {0}, arrived on {1}, route {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.99|127.0.0.1|10.0.0.1|192.0.2.99",   // --dns-answer wins
        "|127.0.0.1|10.0.0.1|127.0.0.1",             // the address the query arrived on
        "|192.168.1.5|10.0.0.1|192.168.1.5",
        "|0.0.0.0|10.0.0.1|10.0.0.1",                // wildcard listener: the route towards the client
        "|::|10.0.0.1|10.0.0.1",
        "||10.0.0.1|10.0.0.1",                       // unknown: the route as well
        "|0.0.0.0||",                                // no route: no address
    })
    void answerAddress(String configured, String arrivedOn, String route, String expected) throws Exception {
        InetAddress client = InetAddress.getByName("10.9.9.9");
        InetAddress chosen = DnsPolicy.answerAddress(ip(configured), ip(arrivedOn), client, c -> {
            assertEquals(client, c);
            return ip(route);
        });
        assertEquals(ip(expected), chosen);
    }

    @Test
    void routeLookupOnLoopbackFindsLoopback() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), RouteLookup.lookup(InetAddress.getByName("127.0.0.1")));
    }

    private static InetAddress ip(String literal) {
        try {
            return literal == null ? null : InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
