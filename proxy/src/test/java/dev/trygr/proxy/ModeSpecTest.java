package dev.trygr.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeSpecTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "regular, regular@127.0.0.1:8080",
        "regular@8081, regular@127.0.0.1:8081",
        "regular@0.0.0.0:8080, regular@0.0.0.0:8080",
        "regular@[::1]:9090, regular@[::1]:9090",
        "REGULAR@localhost:8080, regular@localhost:8080",
        "transparent, transparent@127.0.0.1:443",
        "transparent@0.0.0.0:443, transparent@0.0.0.0:443",
        "dns, dns@127.0.0.1:53",
        "dns@0.0.0.0:5353, dns@0.0.0.0:5353",
        "reverse:tls://mtalk.google.com:5228, reverse:tls://mtalk.google.com:5228@127.0.0.1:5228",
        "reverse:tls://mtalk.google.com:5228@5228, reverse:tls://mtalk.google.com:5228@127.0.0.1:5228",
        "reverse:https://api.ring.com@0.0.0.0:8443, reverse:https://api.ring.com@0.0.0.0:8443",
        "reverse:http://example.com, reverse:http://example.com@127.0.0.1:80",
    })
    void parsesMitmproxyGrammar(String text, String canonical) {
        assertEquals(canonical, ModeSpec.parse(text).canonical());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "reverse:tls://mtalk.google.com:5228, tls, mtalk.google.com:5228",
        "reverse:https://api.ring.com, https, api.ring.com:443",
        "reverse:tcp://10.0.0.1:1883@1883, tcp, 10.0.0.1:1883",
        "reverse:HTTP://[::1]:8000@9000, http, [::1]:8000",
    })
    void reverseModesNameTheirUpstream(String text, String scheme, String upstream) {
        ModeSpec.ReverseTarget target = ModeSpec.parse(text).reverse();
        assertEquals(scheme, target.scheme());
        assertEquals(upstream, target.upstream().authority());
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "socks5|unsupported --mode",
        "transparent:x@443|takes no ':' argument",
        "dns:x|takes no ':' argument",
        "reverse@8080|needs an upstream",
        "reverse:ftp://host:21|scheme must be tls, https, tcp or http",
        "reverse:tcp://host|missing port",
        "reverse:tls://host:5228/path|must be SCHEME://HOST:PORT",
        "reverse:tls://|must be SCHEME://HOST:PORT",
        "regular:foo@8080|takes no ':' argument",
        "regular@|empty listen address",
        "regular@example.com:8080|must be an IP address",
        "regular@70000|port out of range",
    })
    void refusesWhatItCannotRun(String text, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModeSpec.parse(text));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
