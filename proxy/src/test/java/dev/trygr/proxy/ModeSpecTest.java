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
    })
    void parsesMitmproxyGrammar(String text, String canonical) {
        assertEquals(canonical, ModeSpec.parse(text).canonical());
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "transparent@0.0.0.0:443|unsupported --mode",
        "socks5|unsupported --mode",
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
