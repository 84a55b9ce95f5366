package dev.trygr.proxy;

import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.proxy.testing.CurlRunner;
import dev.trygr.proxy.testing.ProxiedClients;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.RecordedRequest;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explicit proxy end to end: real clients, real TLS on loopback, a real origin, a real SQLite capture. */
class ExplicitProxyTest {

    @TempDir
    Path dir;

    @Test
    void curlHeadersReachTheOriginExactlyAndTheFlowIsRecorded() throws Exception {
        CurlRunner.assumeAvailable();
        try (ProxyFixture f = new ProxyFixture(dir, Responder.json("{\"ok\":true}"))) {
            CurlRunner.Result r = ProxiedClients.curl(f.port(), f.caPem).run("https://origin.test/clients_api/session?x=1",
                    "-H", "hardware_id: 5b1c7f4e-0000-4000-8000-000000000001",
                    "-H", "2fa-code;",
                    "-H", "X-Dup: one", "-H", "X-Dup: two",
                    "-H", "X-MiXeD-CaSe: v");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("{\"ok\":true}", r.stdoutText());

            RecordedRequest seen = f.origin.awaitRequests(1, Duration.ofSeconds(5)).get(0);
            List<String> lines = seen.rawHeaderLines();
            // Netty writes "name: value", so the empty 2fa-code arrives as "2fa-code: ": the same empty value.
            lines = lines.stream().map(String::strip).toList();
            int hw = lines.indexOf("hardware_id: 5b1c7f4e-0000-4000-8000-000000000001");
            int tfa = lines.indexOf("2fa-code:");
            int dup1 = lines.indexOf("X-Dup: one");
            int dup2 = lines.indexOf("X-Dup: two");
            int mixed = lines.indexOf("X-MiXeD-CaSe: v");
            assertEquals(List.of(""), seen.headerValues("2fa-code"));
            assertTrue(hw >= 0 && tfa > hw && dup1 > tfa && dup2 == dup1 + 1 && mixed > dup2, lines.toString());
            assertEquals("GET /clients_api/session?x=1 HTTP/1.1", seen.rawHeadText().lines().findFirst().orElseThrow());
            assertEquals("origin.test", seen.sni());

            List<FlowSummary> flows = f.flows();
            assertEquals(1, flows.size());
            FlowSummary flow = flows.get(0);
            assertEquals("https", flow.scheme());
            assertEquals("origin.test", flow.host());
            assertEquals(443, flow.port());
            assertEquals("/clients_api/session", flow.path());
            assertEquals("x=1", flow.query());
            assertEquals(200, flow.status());
            assertEquals(11, flow.responseBytes());
            assertNull(flow.error());
            try (CaptureReader reader = f.capture.reader()) {
                FlowDetail detail = reader.flow(flow.id()).orElseThrow();
                assertTrue(detail.requestHeaders().containsAll(List.of(
                        new Header("hardware_id", "5b1c7f4e-0000-4000-8000-000000000001"),
                        new Header("2fa-code", ""), new Header("X-Dup", "one"), new Header("X-Dup", "two"),
                        new Header("X-MiXeD-CaSe", "v"))), detail.requestHeaders().toString());
                assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), detail.responseBody().data());
            }
            ConnectionRow connection = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.INTERCEPTED, connection.outcome());
            assertEquals("origin.test", connection.sni());
            assertEquals("http/1.1", connection.protocol());
            assertTrue(connection.tlsVersion().startsWith("TLSv1."), connection.tlsVersion());
            assertTrue(connection.bytesFromClient() > 0 && connection.bytesToUpstream() > 0);
        }
    }

    @Test
    void jdkClientStreamsALargeBodyBothWaysOverOneKeptAliveConnection() throws Exception {
        try (ProxyFixture f = new ProxyFixture(dir, Responder.echo())) {
            HttpClient client = ProxiedClients.httpClient(f.port(), ProxyFixture.CA.certificate());
            byte[] payload = new byte[3 * 1024 * 1024 + 17];
            new Random(7).nextBytes(payload);
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("https://origin.test/upload"))
                        .header("hardware_id", "abc").header("2fa-code", "")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                assertArrayEquals(payload, response.body());
            }
            assertEquals(1, f.origin.connectionsAccepted(), "the proxy reuses its upstream connection");
            List<FlowSummary> flows = f.flows();
            assertEquals(3, flows.size());
            try (CaptureReader reader = f.capture.reader()) {
                FlowDetail d = reader.flow(flows.get(0).id()).orElseThrow();
                assertEquals(payload.length, d.requestBody().originalLength());
                assertTrue(d.requestBody().truncated());
                assertEquals(ProxyOptions.DEFAULT_MAX_BODY, d.requestBody().storedLength());
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(payload), d.requestBody().sha256());
                assertEquals(payload.length, d.responseBody().originalLength());
            }
        }
    }

    @Test
    void chunkedBodiesStayChunkedAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (ProxyFixture f = new ProxyFixture(dir, Responder.echo()); WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            c.startTls("origin.test", ProxyFixture.CA.certificate());
            c.send("POST /a HTTP/1.1\r\nHost: origin.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nfirst\r\n0\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: origin.test\r\nContent-Length: 6\r\n\r\nsecond"
                    + "GET /c HTTP/1.1\r\nHost: origin.test\r\n\r\n");
            assertEquals("first", c.readReply().bodyText());
            assertEquals("second", c.readReply().bodyText());
            assertEquals(200, c.readReply().status());
            List<RecordedRequest> seen = f.origin.awaitRequests(3, Duration.ofSeconds(5));
            assertTrue(seen.get(0).chunked());
            assertFalse(seen.get(1).chunked());
            assertEquals(List.of("/a", "/b", "/c"), seen.stream().map(RecordedRequest::target).toList());
            assertEquals(List.of("/a", "/b", "/c"), f.flows().stream().map(FlowSummary::path).toList());
        }
    }

    /**
     * While the recorder says it is behind, the next request of a keep-alive connection is read only after the
     * proxy's patience ({@link CaptureSink#MOST_PACING_MILLIS}) runs out: slowed, not refused, and still recorded.
     */
    @Test
    void aRecorderThatIsBehindSlowsTheNextRequestButLosesNothing() throws Exception {
        RawHttpsOrigin plain = RawHttpsOrigin.startPlain(Responder.json("{}"));
        java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean(true);
        UnaryOperator<CaptureSink> pacing = writer -> new CaptureSink() {
            @Override
            public void submit(dev.trygr.capture.CaptureEvent event) {
                writer.submit(event);
            }

            @Override
            public boolean behind() {
                return behind.get();
            }
        };
        try (ProxyFixture f = new ProxyFixture(dir, plain, UnaryOperator.identity(), pacing);
             WireClient c = new WireClient(f.port())) {
            String request = "GET http://origin.test/%s HTTP/1.1\r\nHost: origin.test\r\n\r\n";
            c.send(request.formatted("first"));
            assertEquals(200, c.readReply().status());
            long answered = System.nanoTime();
            c.send(request.formatted("second"));
            assertEquals(200, c.readReply().status());
            long waitedMillis = (System.nanoTime() - answered) / 1_000_000;
            assertTrue(waitedMillis >= CaptureSink.MOST_PACING_MILLIS - 5, "read after the pacing wait, not at once: "
                    + waitedMillis + " ms");
            behind.set(false);
            c.send(request.formatted("third"));
            assertEquals(200, c.readReply().status());
            assertEquals(List.of("/first", "/second", "/third"), f.flows().stream().map(FlowSummary::path).toList());
        }
    }

    @Test
    void plainHttpAbsoluteFormIsForwardedInOriginForm() throws Exception {
        RawHttpsOrigin plain = RawHttpsOrigin.startPlain(Responder.json("{}"));
        try (ProxyFixture f = new ProxyFixture(dir, plain, UnaryOperator.identity()); WireClient c = new WireClient(f.port())) {
            c.send("GET http://origin.test/status?a=b HTTP/1.1\r\nHost: origin.test\r\nProxy-Connection: keep-alive\r\n\r\n");
            assertEquals(200, c.readReply().status());
            RecordedRequest seen = plain.awaitRequests(1, Duration.ofSeconds(5)).get(0);
            assertEquals("/status?a=b", seen.target());
            assertTrue(seen.header("Proxy-Connection").isEmpty(), "hop-by-hop proxy header is for the proxy");
            FlowSummary flow = f.flows().get(0);
            assertEquals("http", flow.scheme());
            assertEquals("http://origin.test/status?a=b", flow.target());
            try (CaptureReader reader = f.capture.reader()) {
                assertTrue(reader.flow(flow.id()).orElseThrow().requestHeaders()
                        .contains(new Header("Proxy-Connection", "keep-alive")), "recorded as the client sent it");
            }
            c.close();
            assertEquals(ConnectionOutcome.PLAIN, f.connections(1).get(0).outcome());
        }
    }

    @Test
    void anUnreachableConnectTargetGets502AndIsRecorded() throws Exception {
        try (ProxyFixture f = new ProxyFixture(dir, Responder.json("{}")); WireClient c = new WireClient(f.port())) {
            int closed = ProxyFixture.closedPort();
            WireClient.Reply reply = c.connect("127.0.0.1:" + closed);
            assertEquals(502, reply.status());
            assertTrue(c.closedWithoutData(), "the proxy closes after its 502");
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.FAILED, row.outcome());
            assertTrue(row.reason().contains("refused"), row.reason());
            assertEquals(closed, row.targetPort());
        }
    }

    @Test
    void anUpstreamRefusingInsideTheTunnelIsAConnectionFailureNotAnHttpResponse() throws Exception {
        RawHttpsOrigin dying = RawHttpsOrigin.builder().tls(ProxyFixture.ORIGIN_LEAF).closeImmediately().start();
        try (ProxyFixture f = new ProxyFixture(dir, dying, UnaryOperator.identity())) {
            HttpClient client = ProxiedClients.httpClient(f.port(), ProxyFixture.CA.certificate());
            assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(URI.create("https://origin.test/x"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.FAILED, row.outcome());
            assertTrue(row.reason().contains("upstream TLS"), row.reason());
        }
    }

    @Test
    void anUntrustedUpstreamCertificateClosesTheClientWithoutAnyHttpResponse() throws Exception {
        TestPki stranger = TestPki.create("Unknown CA");
        RawHttpsOrigin untrusted = RawHttpsOrigin.startTls(stranger.issue("origin.test"), Responder.json("{}"));
        try (ProxyFixture f = new ProxyFixture(dir, untrusted, UnaryOperator.identity());
             WireClient c = new WireClient(f.port())) {
            assertEquals(200, c.connect("origin.test:443").status());
            assertThrows(IOException.class, () -> {
                c.startTls("origin.test", ProxyFixture.CA.certificate());
                c.send("GET / HTTP/1.1\r\nHost: origin.test\r\n\r\n");
                c.readReply();
            });
            assertEquals(0, untrusted.requests().size(), "nothing reached the untrusted origin");
            ConnectionRow row = f.connections(1).get(0);
            assertEquals(ConnectionOutcome.FAILED, row.outcome());
            assertTrue(row.reason().contains("TLS"), row.reason());
            assertTrue(f.flows().isEmpty());
        }
    }

    @Test
    void secretsNeverReachTheCaptureFileRaw() throws Exception {
        String bearer = "eyJhbGciOiJIUzI1NiJ9.secret-access-" + System.nanoTime();
        String refresh = "refresh-" + HexFormat.of().formatHex(new byte[] {1, 2, 3}) + System.nanoTime();
        String issued = "issued-refresh-" + System.nanoTime();
        try (ProxyFixture f = new ProxyFixture(dir, Responder.json(
                "{\"access_token\":\"" + bearer + "x\",\"refresh_token\":\"" + issued + "\",\"expires_in\":3600}"))) {
            HttpClient client = ProxiedClients.httpClient(f.port(), ProxyFixture.CA.certificate());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://origin.test/oauth/token"))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                            + refresh + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.body().contains(issued), "the client still gets the real token");
            assertEquals(1, f.flows().size());
            f.writer.flush();
            StringBuilder all = new StringBuilder();
            for (String file : List.of("capture.db", "capture.db-wal")) {
                Path p = dir.resolve(file);
                if (Files.exists(p)) {
                    String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    assertFalse(bytes.contains(bearer), file + " holds the bearer token");
                    assertFalse(bytes.contains(refresh), file + " holds the presented refresh token");
                    assertFalse(bytes.contains(issued), file + " holds the issued refresh token");
                    all.append(bytes);
                }
            }
            assertTrue(all.toString().contains("REDACTED:bearer:"), "no bearer marker in the capture");
            assertTrue(all.toString().contains("REDACTED:refresh_token:"), "no refresh_token marker in the capture");
        }
    }
}
