package dev.trygr.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "192.168.1.0/24, 192.168.1.77, true",
        "192.168.1.0/24, 192.168.2.1, false",
        "192.168.1.5, 192.168.1.5, true",
        "192.168.1.5, 192.168.1.6, false",
        "10.0.0.0/8, 10.255.1.1, true",
        "0.0.0.0/0, 8.8.8.8, true",
        "fd00::/8, fd12:3456::1, true",
        "fd00::/8, fe80::1, false",
        "192.168.1.0/24, ::ffff:192.168.1.9, true",
    })
    void rangesContainAddresses(String cidr, String address, boolean expected) throws Exception {
        assertEquals(expected, Cidr.parse(cidr).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource({"192.168.1.0/33", "192.168.1.0/", "not-an-address/24", "fd00::/129"})
    void refusesMalformedRanges(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(cidr));
    }

    @Test
    void loopbackClientsAreAlwaysAdmittedOthersOnlyFromAllowedRanges() throws Exception {
        AccessPolicy none = new AccessPolicy(List.of());
        AccessPolicy lan = new AccessPolicy(List.of(Cidr.parse("192.168.1.0/24")));
        assertTrue(none.admits(InetAddress.getByName("127.0.0.1")));
        assertTrue(none.admits(InetAddress.getByName("::1")));
        assertFalse(none.admits(InetAddress.getByName("192.168.1.10")));
        assertTrue(lan.admits(InetAddress.getByName("192.168.1.10")));
        assertFalse(lan.admits(InetAddress.getByName("192.168.7.10")));
    }

    @Test
    void bindingANonLoopbackAddressNeedsAnAllowRange() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        String refusal = new AccessPolicy(List.of()).refusalToBind(any, "regular@0.0.0.0:8080");
        assertTrue(refusal.contains("--allow"), refusal);
        assertEquals("", new AccessPolicy(List.of(Cidr.parse("192.168.1.0/24"))).refusalToBind(any, "x"));
        assertEquals("", new AccessPolicy(List.of()).refusalToBind(InetAddress.getByName("127.0.0.1"), "x"));
    }
}
