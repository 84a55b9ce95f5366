package dev.trygr.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConnectToRuleTest {

    @ParameterizedTest(name = "{0} sends {1} to {2}")
    @CsvSource({
        "oauth.ring.com:443:127.0.0.1:9443, oauth.ring.com:443, 127.0.0.1:9443",
        "oauth.ring.com:443:127.0.0.1:9443, OAUTH.ring.com:443, 127.0.0.1:9443",
        "oauth.ring.com:443:127.0.0.1:9443, oauth.ring.com:8443, oauth.ring.com:8443",
        "oauth.ring.com:443:127.0.0.1:9443, api.ring.com:443, api.ring.com:443",
        "::127.0.0.1:, api.ring.com:443, 127.0.0.1:443",
        ":443::9443, api.ring.com:443, api.ring.com:9443",
        "api.ring.com::[::1]:, api.ring.com:80, [::1]:80",
    })
    void appliesCurlSemantics(String rule, String target, String expected) {
        HostPort result = ConnectToRule.apply(List.of(ConnectToRule.parse(rule)), HostPort.parse(target, -1));
        assertEquals(expected, result.authority());
    }

    @Test
    void firstMatchingRuleWins() {
        List<ConnectToRule> rules = List.of(ConnectToRule.parse("a.test:443:127.0.0.1:1001"),
                ConnectToRule.parse("::127.0.0.1:1002"));
        assertEquals("127.0.0.1:1001", ConnectToRule.apply(rules, new HostPort("a.test", 443)).authority());
        assertEquals("127.0.0.1:1002", ConnectToRule.apply(rules, new HostPort("b.test", 443)).authority());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a:1:b", "a:1:b:2:3", "a:x:b:2", "a b:1:b:2"})
    void refusesMalformedRules(String rule) {
        assertThrows(IllegalArgumentException.class, () -> ConnectToRule.parse(rule));
    }
}
