package dev.trygr.proxy.ws;

import dev.trygr.capture.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WsHandshakeTest {

    @ParameterizedTest(name = "[{0}] -> deflate={1} serverNoContext={2} clientNoContext={3}")
    @CsvSource(delimiter = '|', value = {
            "''                                                                          | false | false | false",
            "permessage-deflate                                                          | true  | false | false",
            "PerMessage-Deflate                                                          | true  | false | false",
            "permessage-deflate; server_no_context_takeover                              | true  | true  | false",
            "permessage-deflate;client_no_context_takeover;server_max_window_bits=10     | true  | false | true",
            "permessage-deflate; client_max_window_bits=\"12\"; server_no_context_takeover | true | true  | false",
            "x-webkit-deflate-frame                                                      | false | false | false",
            "x-foo; a=\"b,c\", permessage-deflate; client_no_context_takeover            | true  | false | true",
            "permessage-deflate, permessage-deflate; server_no_context_takeover          | true  | false | false",
    })
    void readsTheAcceptedExtensions(String header, boolean deflate, boolean serverNoContext, boolean clientNoContext) {
        assertEquals(new WsHandshake(deflate, serverNoContext, clientNoContext),
                WsHandshake.fromExtensions(List.of(header)));
    }

    @Test
    void extensionsMaySpanSeveralHeaderLines() {
        assertEquals(new WsHandshake(true, true, true), WsHandshake.fromExtensions(List.of("x-other",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover")));
    }

    @ParameterizedTest(name = "Upgrade: {0}, status {1} -> websocket={2}")
    @CsvSource(delimiter = '|', value = {
            "websocket          | 101 | true",
            "WebSocket          | 101 | true",
            "h2c, websocket     | 101 | true",
            "websocket          | 200 | false",
            "h2c                | 101 | false",
            "''                 | 101 | false",
    })
    void anUpgradeIsAWebSocketWhenAskedForAndAccepted(String upgrade, int status, boolean websocket) {
        List<Header> request = upgrade.isEmpty() ? List.of(new Header("Host", "x"))
                : List.of(new Header("Host", "x"), new Header("upgrade", upgrade));
        List<Header> response = Arrays.asList(new Header("Upgrade", "websocket"),
                new Header("Sec-WebSocket-Extensions", "permessage-deflate; client_no_context_takeover"));
        WsHandshake hs = WsHandshake.accepted(request, status, response);
        if (websocket) {
            assertEquals(new WsHandshake(true, false, true), hs);
        } else {
            assertNull(hs);
        }
    }

    @Test
    void withoutExtensionsTheUpgradeIsPlain() {
        assertEquals(WsHandshake.PLAIN, WsHandshake.accepted(List.of(new Header("Upgrade", "websocket")), 101,
                List.of(new Header("Upgrade", "websocket"))));
    }
}
