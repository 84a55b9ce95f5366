package dev.trygr.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "api.ring.com:443, api.ring.com, 443",
        "10.0.0.1:8443, 10.0.0.1, 8443",
        "[::1]:443, ::1, 443",
        "[2001:db8::1]:8080, 2001:db8::1, 8080",
        "hardware_id.example:1, hardware_id.example, 1",
    })
    void parsesAuthorities(String text, String host, int port) {
        HostPort hp = HostPort.parse(text, -1);
        assertEquals(host, hp.host());
        assertEquals(port, hp.port());
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "api.ring.com|missing port",
        "api.ring.com:|invalid port",
        "api.ring.com:0|port out of range",
        "api.ring.com:65536|port out of range",
        "api.ring.com:44x|invalid port",
        "::1:443|IPv6 addresses need brackets",
        "[::1|unclosed",
        ":443|empty host",
        "bad host:443|invalid host",
        "a/b:443|invalid host",
    })
    void refusesMalformedAuthorities(String text, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, -1));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"[::1]:443, [::1]:443", "example.com:80, example.com:80"})
    void authorityBracketsIpv6(String text, String authority) {
        assertEquals(authority, HostPort.parse(text, -1).authority());
    }
}
