package dev.trygr.proxy.dns;

import dev.trygr.proxy.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsOptionsTest {

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource(delimiter = '|', value = {
        "1.1.1.1|1.1.1.1|53",
        "192.168.1.1:5353|192.168.1.1|5353",
        "[2606:4700::1111]|2606:4700::1111|53",
        "[::1]:5300|::1|5300",
    })
    void parsesUpstreams(String text, String address, int port) throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName(address), port), DnsOptions.parseUpstream(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns.google", "999.1.1.1", "1.1.1.1:0", "1.1.1.1:70000", "2606:4700::1111", ""})
    void refusesUpstreamsThatAreNotAddresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> DnsOptions.parseUpstream(text));
    }

    @Test
    void theShortConstructorAdmitsLoopbackOnly() throws Exception {
        DnsOptions options = new DnsOptions(new HostPort("127.0.0.1", 53), DnsOptions.DEFAULT_INTERCEPT, null,
                List.of(), DnsOptions.DEFAULT_UPSTREAM_TIMEOUT);
        assertTrue(options.access().admits(InetAddress.getByName("127.0.0.1")));
        assertFalse(options.access().admits(InetAddress.getByName("192.168.1.20")));
        assertEquals(DnsOptions.DEFAULT_MAX_IN_FLIGHT, options.maxInFlight());
    }

    @Test
    void refusesNonsense() throws Exception {
        HostPort listen = new HostPort("127.0.0.1", 53);
        assertThrows(IllegalArgumentException.class, () -> new DnsOptions(listen, List.of(),
                InetAddress.getByName("0.0.0.0"), List.of(), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DnsOptions(listen, List.of(), null, List.of(),
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DnsOptions(listen, List.of(), null,
                List.of(InetSocketAddress.createUnresolved("dns.google", 53)), Duration.ofSeconds(1)));
    }
}
