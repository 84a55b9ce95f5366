package dev.trygr.capture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostGlobTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "*.ring.com, api.ring.com, true",
        "*.ring.com, API.Ring.COM, true",
        "*.ring.com, ring.com, false",
        "*.ring.com, api.ring.com.evil.test, false",
        "*, anything.at.all, true",
        "api?.ring.com, api2.ring.com, true",
        "api?.ring.com, api.ring.com, false",
        "*ring*, prd-api-us.prd.rings.solutions, true",
        "a*b*c, aXXbYYc, true",
        "a*b*c, aXXbYY, false",
        "**.google.com, mtalk.google.com, true",
        "mtalk.google.com, mtalk.google.com, true",
        "mtalk.google.com, mtalk.google.co, false",
    })
    void matchesLikeAUserExpects(String glob, String host, boolean expected) {
        assertEquals(expected, HostGlob.matches(glob, host));
    }
}
