package dev.trygr.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForgedContextsTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("trygr CA contexts test");
    private static final LeafForge FORGE = new LeafForge(CA);

    private final ExecutorService forging = Executors.newFixedThreadPool(4, r -> new Thread(r, "forge"));

    @AfterEach
    void stopForging() {
        forging.shutdownNow();
    }

    @Test
    void realHandshakeWithSniGetsAForgedCertificateTheClientVerifies() throws Exception {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 100);
        try (LoopbackTlsServer server = new LoopbackTlsServer(() -> new SniHandler(contexts.sniMapping()))) {
            SSLSocket socket = connect(server.port(), "device.example", new String[] {"h2", "http/1.1"}, null);
            try (socket) {
                socket.startHandshake(); // verifies the chain against the CA and the name against "device.example"
                Certificate[] chain = socket.getSession().getPeerCertificates();
                assertEquals(2, chain.length, "leaf and CA");
                assertEquals(CA.certificate(), chain[1]);
                X509Certificate leaf = (X509Certificate) chain[0];
                assertEquals(List.of(List.of(2, "device.example")), List.copyOf(leaf.getSubjectAlternativeNames()));
                assertEquals("http/1.1", socket.getApplicationProtocol(), "h2 is never chosen");
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertEquals(LoopbackTlsServer.GREETING, readGreeting(socket));
            }
            assertEquals(1, contexts.forgedCount());
        }
    }

    @Test
    void anRsaCaSignsWorkingContextsForTls13And12() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        CertificateAuthority rsaCa = CertificateAuthority.generate("rsa CA", rsa.generateKeyPair(), Clock.systemUTC());
        ForgedContexts contexts = new ForgedContexts(new LeafForge(rsaCa), forging, 100);
        try (LoopbackTlsServer server = new LoopbackTlsServer(() -> new SniHandler(contexts.sniMapping()))) {
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                try (SSLSocket socket = connect(server.port(), "device.example", new String[] {"http/1.1"}, protocol,
                        rsaCa.certificate())) {
                    socket.startHandshake();
                    assertEquals(protocol, socket.getSession().getProtocol());
                    X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertEquals("SHA256withRSA", leaf.getSigAlgName());
                    assertEquals(LoopbackTlsServer.GREETING, readGreeting(socket));
                }
            }
        }
    }

    @Test
    void clientsOfferingOnlyH2GetNoAlpnAndTls12Works() throws Exception {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 100);
        try (LoopbackTlsServer server = new LoopbackTlsServer(() -> new SniHandler(contexts.sniMapping()))) {
            try (SSLSocket socket = connect(server.port(), "device.example", new String[] {"h2"}, "TLSv1.2")) {
                socket.startHandshake();
                assertEquals("", socket.getApplicationProtocol(), "no ALPN agreed");
                assertEquals("TLSv1.2", socket.getSession().getProtocol());
                assertEquals(LoopbackTlsServer.GREETING, readGreeting(socket));
            }
        }
    }

    @Test
    void theClientRefusesACertificateForgedForAnotherHost() throws Exception {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 100);
        AsyncMapping<String, SslContext> wrongHost =
                (host, promise) -> contexts.sniMapping().map("other.example", promise);
        try (LoopbackTlsServer server = new LoopbackTlsServer(() -> new SniHandler(wrongHost));
                SSLSocket socket = connect(server.port(), "device.example", new String[] {"http/1.1"}, null)) {
            SSLException refused = assertThrows(SSLException.class, socket::startHandshake);
            assertTrue(String.valueOf(refused.getMessage()).contains("device.example"), refused.getMessage());
        }
    }

    @Test
    void aClientHelloWithoutSniIsRefused() throws Exception {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 100);
        try (LoopbackTlsServer server = new LoopbackTlsServer(() -> new SniHandler(contexts.sniMapping()));
                Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            SSLContext client = LoopbackTlsServer.clientTrusting(CA.certificate());
            // an IP literal as peer host: the JDK sends no SNI
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(raw, "127.0.0.1", server.port(), true)) {
                socket.setSoTimeout(5000);
                assertThrows(java.io.IOException.class, socket::startHandshake);
            }
            assertEquals(0, contexts.forgedCount());
        }
    }

    @Test
    void forgingRunsOnTheExecutorNotTheCaller() {
        Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
        ForgedContexts contexts = new ForgedContexts(FORGE, queued::add, 10);
        CompletableFuture<SslContext> future = contexts.contextFor("device.example");
        assertFalse(future.isDone(), "nothing was forged on the calling thread");
        assertEquals(0, contexts.forgedCount());
        for (Runnable task = queued.poll(); task != null; task = queued.poll()) {
            task.run();
        }
        assertTrue(future.isDone());
        assertTrue(future.join().isServer());
        assertEquals(1, contexts.forgedCount());
    }

    @Test
    void concurrentRequestsForOneHostForgeOnce() throws Exception {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 100);
        int callers = 32;
        ExecutorService callerPool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<java.util.concurrent.Future<CompletableFuture<SslContext>>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String host = i % 2 == 0 ? "device.example" : "DEVICE.Example";
                calls.add(callerPool.submit(() -> {
                    start.await();
                    return contexts.contextFor(host);
                }));
            }
            start.countDown();
            SslContext first = calls.get(0).get().get(10, TimeUnit.SECONDS);
            for (var call : calls) {
                assertSame(first, call.get().get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, contexts.forgedCount());
        } finally {
            callerPool.shutdownNow();
        }
    }

    @Test
    void theCacheIsBounded() {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 4);
        for (int i = 0; i < 50; i++) {
            contexts.contextFor("host" + i + ".example").join();
        }
        contexts.cleanUp();
        assertTrue(contexts.estimatedSize() <= 4, "size " + contexts.estimatedSize());
        assertEquals(50, contexts.forgedCount());
    }

    @Test
    void bracketedAndPlainIpv6ShareAnEntry() {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 10);
        assertSame(contexts.contextFor("[::1]").join(), contexts.contextFor("0:0::1").join());
        assertEquals(1, contexts.forgedCount());
    }

    @Test
    void aBadHostFailsTheFutureAndIsNotCached() {
        ForgedContexts contexts = new ForgedContexts(FORGE, forging, 10);
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> contexts.contextFor("bad host").get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, failed.getCause());
        contexts.cleanUp();
        assertEquals(0, contexts.estimatedSize());
        assertEquals(0, contexts.forgedCount());
    }

    private static SSLSocket connect(int port, String sni, String[] alpn, String protocol) throws Exception {
        return connect(port, sni, alpn, protocol, CA.certificate());
    }

    /** A JDK client socket trusting only {@code ca}, sending SNI {@code sni} and verifying that name. */
    private static SSLSocket connect(int port, String sni, String[] alpn, String protocol, X509Certificate ca)
            throws Exception {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket socket = (SSLSocket) LoopbackTlsServer.clientTrusting(ca).getSocketFactory()
                .createSocket(raw, sni, port, true);
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(alpn);
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static String readGreeting(SSLSocket socket) throws Exception {
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(LoopbackTlsServer.GREETING.length()), StandardCharsets.US_ASCII);
    }
}
