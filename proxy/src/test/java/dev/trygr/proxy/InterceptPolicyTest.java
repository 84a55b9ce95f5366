package dev.trygr.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InterceptPolicyTest {

    @ParameterizedTest(name = "intercept={0} passthrough={1} host={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "||api.ring.com|true",
        "*.ring.com||api.ring.com|true",
        "*.ring.com||API.RING.COM|true",
        "*.ring.com||ring.com|false",
        "*.ring.com||www.google.com|false",
        "|*.google.com|mtalk.google.com|false",
        "|*.google.com|api.ring.com|true",
        "*.ring.com|oauth.ring.com|oauth.ring.com|false",
        "*.ring.com,ring.com||ring.com|true",
        "api?.ring.com||api2.ring.com|true",
    })
    void passthroughWinsOverIntercept(String intercept, String passthrough, String host, boolean expected) {
        InterceptPolicy policy = new InterceptPolicy(list(intercept), list(passthrough));
        assertEquals(expected, policy.intercepts(host));
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }
}
