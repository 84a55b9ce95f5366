package dev.trygr.proxy;

import dev.trygr.proxy.Routing.Route;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTest {
    private static final ModeSpec TRANSPARENT = ModeSpec.parse("transparent@0.0.0.0:443");
    private static final ModeSpec REVERSE_TLS = ModeSpec.parse("reverse:tls://mtalk.google.com:5228@5228");
    private static final ModeSpec REVERSE_TCP = ModeSpec.parse("reverse:tcp://broker.test:1883@1883");
    private static final ModeSpec REVERSE_HTTP = ModeSpec.parse("reverse:http://hub.test:8000@8000");

    private static Route decide(ModeSpec mode, byte[] bytes) {
        return Routing.decide(mode, 443, bytes, bytes.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void transparentTlsGoesToItsSniAtTheListenersPort() throws Exception {
        Route.Tls tls = assertInstanceOf(Route.Tls.class,
                decide(TRANSPARENT, ClientHelloTest.clientHello("api.ring.com", "http/1.1")));
        assertEquals(new HostPort("api.ring.com", 443), tls.target());
        assertEquals("api.ring.com", tls.leafName());
        assertEquals("api.ring.com", tls.upstreamName());
        assertEquals(List.of("http/1.1"), tls.alpn());
    }

    @Test
    void transparentRefusesWhatNamesNoDestination() throws Exception {
        Route noSni = decide(TRANSPARENT, ClientHelloTest.clientHello(null, "http/1.1"));
        assertTrue(assertInstanceOf(Route.Refuse.class, noSni).reason().startsWith("TLS without SNI"));
        Route garbage = decide(TRANSPARENT, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22});
        assertTrue(assertInstanceOf(Route.Refuse.class, garbage).reason().startsWith("neither TLS nor HTTP"));
    }

    @Test
    void transparentPlainHttpIsRoutedByHost() throws Exception {
        assertInstanceOf(Route.HttpByHost.class, decide(TRANSPARENT, ascii("GET / HTTP/1.1\r\n")));
    }

    @Test
    void everyModeWaitsForEnoughBytes() throws Exception {
        byte[] hello = ClientHelloTest.clientHello("api.ring.com", "http/1.1");
        for (ModeSpec mode : List.of(TRANSPARENT, REVERSE_TLS)) {
            for (int n : new int[] {0, 1, 5, hello.length - 1}) {
                assertInstanceOf(Route.NeedMore.class, Routing.decide(mode, 443, Arrays.copyOf(hello, n), n),
                        mode + " with " + n + " bytes");
            }
        }
        assertInstanceOf(Route.NeedMore.class, decide(REVERSE_TCP, ascii("GET")));
        assertInstanceOf(Route.NeedMore.class, decide(TRANSPARENT, ascii("POS")));
    }

    @Test
    void reverseTlsNamesTheLeafForTheSniOrElseTheUpstreamAndAlwaysDialsTheUpstream() throws Exception {
        Route.Tls noSni = assertInstanceOf(Route.Tls.class,
                decide(REVERSE_TLS, ClientHelloTest.clientHello(null)));
        assertEquals(new HostPort("mtalk.google.com", 5228), noSni.target());
        assertEquals("mtalk.google.com", noSni.leafName());
        assertEquals(null, noSni.sni());
        Route.Tls sni = assertInstanceOf(Route.Tls.class,
                decide(REVERSE_TLS, ClientHelloTest.clientHello("alt.example", "h2")));
        assertEquals("alt.example", sni.leafName());
        assertEquals("mtalk.google.com", sni.upstreamName());
        assertEquals(new HostPort("mtalk.google.com", 5228), sni.target());
        assertInstanceOf(Route.Refuse.class, decide(REVERSE_TLS, ascii("GET / HTTP/1.1\r\n")));
    }

    @Test
    void reverseTcpCarriesHttpAsHttpAndAnythingElseAsBytes() throws Exception {
        assertEquals(new Route.HttpTo(new HostPort("broker.test", 1883)),
                decide(REVERSE_TCP, ascii("POST /x HTTP/1.1\r\n")));
        assertEquals(new Route.RawTo(new HostPort("broker.test", 1883)), decide(REVERSE_TCP, new byte[] {0x10, 0x20}));
        assertEquals(new Route.RawTo(new HostPort("broker.test", 1883)),
                decide(REVERSE_TCP, ClientHelloTest.clientHello("x.test")));
    }

    @Test
    void reverseHttpTakesOnlyHttp() throws Exception {
        assertEquals(new Route.HttpTo(new HostPort("hub.test", 8000)), decide(REVERSE_HTTP, ascii("GET / HTTP/1.1")));
        assertInstanceOf(Route.Refuse.class, decide(REVERSE_HTTP, new byte[] {0x16, 3, 1, 0, 5}));
    }

    @Test
    void otherModesAreNotRoutedHere() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> decide(ModeSpec.DEFAULT, ascii("GET / HTTP/1.1")));
    }
}
