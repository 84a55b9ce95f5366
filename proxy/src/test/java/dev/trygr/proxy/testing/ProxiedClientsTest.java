package dev.trygr.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trygr.capture.Header;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class ProxiedClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestPki PKI = TestPki.create("Test Origin CA");
    private static final TestPki.Leaf LEAF = PKI.issue("localhost", "127.0.0.1");

    @TempDir
    static Path dir;
    private static Path caPem;

    @BeforeAll
    static void writeCa() throws Exception {
        caPem = PKI.writeCaPem(dir.resolve("ca.pem"));
    }

    @Test
    void httpClientSendsUnderscoreNamesAndEmptyValues() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{}"))) {
            HttpRequest request = HttpRequest.newBuilder(origin.uri("/")).timeout(WAIT)
                    .header("hardware_id", "x")
                    .header("2fa-code", "")
                    .build();
            ProxiedClients.directHttpClient(PKI.caCertificate()).send(request, HttpResponse.BodyHandlers.ofString());
            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            assertTrue(r.rawHeaderLines().contains("hardware_id: x"), r.rawHeadText());
            // the empty value goes out as "2fa-code: " (colon, space, nothing)
            assertTrue(r.rawHeaderLines().contains("2fa-code: "), r.rawHeadText());
            assertEquals(List.of(""), r.headerValues("2fa-code"));
        }
    }

    @Test
    void httpClientReordersHeaderNamesAndKeepsCase() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{}"))) {
            HttpRequest request = HttpRequest.newBuilder(origin.uri("/")).timeout(WAIT)
                    .header("X-Zeta", "1")
                    .header("x-alpha", "2")
                    .header("X-Alpha", "3")
                    .build();
            ProxiedClients.directHttpClient(PKI.caCertificate()).send(request, HttpResponse.BodyHandlers.ofString());
            List<String> lines = origin.awaitRequests(1, WAIT).get(0).rawHeaderLines();
            assertEquals(List.of("x-alpha: 2", "x-alpha: 3", "X-Zeta: 1"),
                    lines.stream().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("x-")).toList(), lines.toString());
        }
    }

    @Test
    void httpClientRefusesRestrictedHeaderNames() {
        for (String name : List.of("Connection", "Content-Length", "Expect", "Host", "Upgrade")) {
            assertThrows(IllegalArgumentException.class,
                    () -> HttpRequest.newBuilder().header(name, "v"), name);
        }
        for (String name : List.of("hardware_id", "2fa-code", "Cookie", "Authorization", "User-Agent", "Date",
                "Via", "Warning", "From", "Origin", "Referer", "Proxy-Connection", "Transfer-Encoding", "TE")) {
            HttpRequest.newBuilder().header(name, "v");
        }
    }

    @Test
    void httpClientGoesThroughTheProxyAndReusesOneTunnel() throws Exception {
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{\"via\":\"tunnel\"}"));
                ConnectTunnel proxy = new ConnectTunnel()) {
            HttpClient client = ProxiedClients.httpClient(proxy.port(), PKI.caCertificate());
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(origin.uri("/" + i))
                        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("{\"via\":\"tunnel\"}", response.body());
            }
            origin.awaitRequests(2, WAIT);
            assertEquals(1, origin.connectionsAccepted());
            assertEquals(1, proxy.connectHeads().size());
            assertTrue(proxy.connectHeads().get(0).startsWith("CONNECT localhost:" + origin.port() + " HTTP/1.1\r\n"),
                    proxy.connectHeads().get(0));
        }
    }

    @Test
    void curlSendsHeadersAsGivenIncludingAnEmptyValue() throws Exception {
        CurlRunner.assumeAvailable();
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{\"a\":1}"))) {
            CurlRunner.Result result = CurlRunner.direct(caPem).run(origin.uri("/v1/x").toString(),
                    "-H", "hardware_id: x", "-H", "2fa-code;", "-H", "X-Zeta: 1", "-H", "x-alpha: 2");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("{\"a\":1}", result.stdoutText());
            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            List<String> lines = r.rawHeaderLines();
            assertEquals(List.of("hardware_id: x", "2fa-code:", "X-Zeta: 1", "x-alpha: 2"),
                    lines.subList(lines.size() - 4, lines.size()), lines.toString());
            assertEquals(List.of("Host", "User-Agent", "Accept"), r.headerNames().subList(0, 3));
        }
    }

    @Test
    void curlReplacesOrRemovesItsOwnHeadersWhenAsked() throws Exception {
        CurlRunner.assumeAvailable();
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.json("{}"))) {
            CurlRunner.Result result = CurlRunner.direct(caPem).run(origin.uri("/").toString(),
                    "-H", "User-Agent:", "-H", "X-First: 1", "-H", "Accept: application/json",
                    "-H", "Host: localhost");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(List.of("Host: localhost", "X-First: 1", "Accept: application/json"),
                    origin.awaitRequests(1, WAIT).get(0).rawHeaderLines());
        }
    }

    @Test
    void curlThroughTheProxyStreamsTenMebibytesIntact() throws Exception {
        CurlRunner.assumeAvailable();
        long size = 10L * 1024 * 1024;
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.streaming(size, 5));
                ConnectTunnel proxy = new ConnectTunnel()) {
            CurlRunner.Result result = ProxiedClients.curl(proxy.port(), caPem).run(origin.uri("/big").toString());
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(size, result.stdout().length);
            assertEquals(RawHttpsOrigin.sha256OfStream(size, 5), result.stdoutSha256());
            assertEquals(1, proxy.connectHeads().size());
            assertTrue(proxy.connectHeads().get(0).startsWith("CONNECT localhost:" + origin.port() + " HTTP/1.1\r\n"));
        }
    }

    @Test
    void curlUploadsAChunkedBodyThatTheOriginDecodes() throws Exception {
        CurlRunner.assumeAvailable();
        byte[] payload = new byte[300_000];
        new PseudoRandomStream(payload.length, 11).read(payload, 0, payload.length);
        Path file = Files.write(dir.resolve("payload.bin"), payload);
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, Responder.echo())) {
            CurlRunner.Result result = CurlRunner.direct(caPem).run(origin.uri("/up").toString(),
                    "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/x-test",
                    "--data-binary", "@" + file);
            assertEquals(0, result.exitCode(), result.toString());
            RecordedRequest r = origin.awaitRequests(1, WAIT).get(0);
            assertTrue(r.chunked());
            assertEquals(payload.length, r.bodyLength());
            assertEquals(PseudoRandomStream.sha256(payload), r.bodySha256());
            assertEquals(PseudoRandomStream.sha256(payload), result.stdoutSha256());
            assertEquals(new Header("Content-Type", "application/x-test"),
                    r.headers().stream().filter(h -> h.name().equals("Content-Type")).findFirst().orElseThrow());
        }
    }

    @Test
    void curlIsBoundedByMaxTime() throws Exception {
        CurlRunner.assumeAvailable();
        CountDownLatch never = new CountDownLatch(1);
        Responder stall = request -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(LEAF, stall)) {
            CurlRunner.Result result = CurlRunner.direct(caPem).maxTime(Duration.ofSeconds(1))
                    .run(origin.uri("/slow").toString());
            assertEquals(28, result.exitCode(), result.toString()); // CURLE_OPERATION_TIMEDOUT
            assertFalse(result.timedOut());
        } finally {
            never.countDown();
        }
    }
}
