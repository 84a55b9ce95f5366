package dev.trygr.proxy;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientHelloTest {

    /** A real ClientHello, as the JDK's TLS client writes it. */
    static byte[] clientHello(String sni, String... alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(sni == null ? null : sni, 443);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (sni != null) {
            params.setServerNames(List.of(new SNIHostName(sni)));
        } else {
            params.setServerNames(List.of());
        }
        params.setApplicationProtocols(alpn);
        engine.setSSLParameters(params);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Test
    void readsSniAndAlpnFromARealClientHello() throws Exception {
        byte[] hello = clientHello("oauth.ring.com", "h2", "http/1.1");
        ClientHello.Peek peek = ClientHello.peek(hello, hello.length);
        ClientHello parsed = assertInstanceOf(ClientHello.Peek.Parsed.class, peek).hello();
        assertEquals("oauth.ring.com", parsed.sni());
        assertEquals(List.of("h2", "http/1.1"), parsed.alpn());
    }

    @Test
    void aClientHelloWithoutSniHasNoName() throws Exception {
        byte[] hello = clientHello(null);
        ClientHello parsed = assertInstanceOf(ClientHello.Peek.Parsed.class, ClientHello.peek(hello, hello.length)).hello();
        assertNull(parsed.sni());
    }

    @Test
    void asksForMoreUntilTheWholeRecordIsThere() throws Exception {
        byte[] hello = clientHello("api.ring.com");
        for (int n : new int[] {0, 1, 4, 5, hello.length - 1}) {
            assertInstanceOf(ClientHello.Peek.NeedMore.class, ClientHello.peek(Arrays.copyOf(hello, n), n), "at " + n);
        }
    }

    @Test
    void plainTextIsNotTls() {
        byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        ClientHello.Peek.NotTls notTls = assertInstanceOf(ClientHello.Peek.NotTls.class, ClientHello.peek(get, get.length));
        assertTrue(notTls.reason().contains("plain text ('GET / HT"), notTls.reason());
    }

    @Test
    void otherTlsRecordsAndImpossibleLengthsAreNotAClientHello() {
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        assertInstanceOf(ClientHello.Peek.NotTls.class, ClientHello.peek(alert, alert.length));
        byte[] serverHello = {0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00};
        assertInstanceOf(ClientHello.Peek.NotTls.class, ClientHello.peek(serverHello, serverHello.length));
        byte[] huge = {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff};
        assertInstanceOf(ClientHello.Peek.NotTls.class, ClientHello.peek(huge, huge.length));
        byte[] binary = {0x00, 0x01, 0x02};
        assertInstanceOf(ClientHello.Peek.NotTls.class, ClientHello.peek(binary, binary.length));
    }

    @Test
    void aCorruptHelloBodyYieldsNoNameInsteadOfFailing() throws Exception {
        byte[] hello = clientHello("api.ring.com");
        byte[] corrupt = hello.clone();
        for (int i = 9 + 2 + 32; i < corrupt.length; i++) {
            corrupt[i] = (byte) 0xff;
        }
        ClientHello parsed = assertInstanceOf(ClientHello.Peek.Parsed.class, ClientHello.peek(corrupt, corrupt.length)).hello();
        assertNull(parsed.sni());
    }
}
