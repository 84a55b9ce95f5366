package dev.trygr.proxy.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsForwardingLoopTest {
    /** This machine in the tests: one LAN address besides loopback. */
    private static final Set<InetAddress> OWN = Set.of(ip("192.168.1.5"), ip("127.0.0.1"), ip("fe80::1"));

    @ParameterizedTest(name = "listen {0}:{1}, upstream {2}:{3} -> loop {4}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|53|127.0.0.1|53|true",      // the same address
        "127.0.0.1|53|127.0.0.1|5353|false",   // another port
        "127.0.0.1|53|127.0.0.53|53|false",    // another loopback address (systemd-resolved's stub)
        "192.168.1.5|53|192.168.1.5|53|true",
        "192.168.1.5|53|127.0.0.1|53|false",
        "0.0.0.0|53|127.0.0.1|53|true",        // a wildcard receives loopback ...
        "0.0.0.0|53|127.0.0.53|53|true",       // ... all of 127/8 (conservative)
        "0.0.0.0|53|192.168.1.5|53|true",      // ... and the machine's own addresses
        "0.0.0.0|53|0.0.0.0|53|true",
        "0.0.0.0|53|192.168.1.1|53|false",     // the router is someone else
        "0.0.0.0|53|::1|53|false",             // an IPv4 wildcard does not receive IPv6
        "::|53|127.0.0.1|53|true",             // an IPv6 wildcard is dual-stack
        "::|53|::1|53|true",
        "::|53|fe80::1|53|true",
        "::|53|2001:db8::1|53|false",
        "127.0.0.1|53|0.0.0.0|53|true",        // sending to a wildcard reaches the local host
        "127.0.0.1|0|127.0.0.1|53|false",      // any port: not bound yet, checked again once it is
        "::1|53|::1|53|true",
    })
    void detectsForwardingToItself(String listen, int listenPort, String upstream, int upstreamPort, boolean loop) {
        assertEquals(loop, ForwardingLoop.reaches(new InetSocketAddress(ip(listen), listenPort),
                new InetSocketAddress(ip(upstream), upstreamPort), OWN));
    }

    @Test
    void refusalNamesTheAddressAndTheWayOut() {
        InetSocketAddress listen = new InetSocketAddress(ip("0.0.0.0"), 53);
        List<InetSocketAddress> upstreams = List.of(new InetSocketAddress(ip("192.168.1.1"), 53),
                new InetSocketAddress(ip("127.0.0.1"), 53));
        String configured = ForwardingLoop.refusal(listen, upstreams, OWN, false);
        assertTrue(configured.contains("0.0.0.0:53"), configured);
        assertTrue(configured.contains("the upstream resolver 127.0.0.1:53"), configured);
        assertTrue(configured.contains("--dns-upstream"), configured);
        String system = ForwardingLoop.refusal(listen, upstreams, OWN, true);
        assertTrue(system.contains("the system's resolver 127.0.0.1:53"), system);
        assertEquals("", ForwardingLoop.refusal(listen, upstreams.subList(0, 1), OWN, true));
        String v6 = ForwardingLoop.refusal(new InetSocketAddress(ip("::1"), 53),
                List.of(new InetSocketAddress(ip("::1"), 53)), OWN, false);
        assertTrue(v6.contains("[::1]:53"), v6);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
