package dev.trygr.proxy;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.TestPki;
import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.ExportFormat;
import dev.trygr.proxy.tls.ForgedContexts;
import dev.trygr.proxy.tls.LeafForge;
import dev.trygr.proxy.tls.UpstreamTrust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A whole trygr on loopback for one test: an HTTPS origin with its own test CA, a trygr CA, a real SQLite
 * capture in a temporary folder, and the proxy between them with {@code --connect-to origin.test:443} pointing
 * at the origin and {@code --upstream-trust} holding the origin's CA.
 */
final class ProxyFixture implements AutoCloseable {
    static final String ORIGIN_HOST = "origin.test";
    /** Shared across fixtures: generating a CA costs a little, and every test trusts the same one. */
    static final CertificateAuthority CA = CertificateAuthority.generate("trygr test CA");
    static final TestPki ORIGIN_PKI = TestPki.create("Origin test CA");
    static final TestPki.Leaf ORIGIN_LEAF = ORIGIN_PKI.issue(ORIGIN_HOST, "127.0.0.1");

    final Path dir;
    final Path caPem;
    final Path originCaPem;
    final RawHttpsOrigin origin;
    final Capture capture;
    final CaptureWriter writer;
    final long session;
    final ProxyServer proxy;
    /** What the proxy told its operator: one line per rejected interception, "client host reason". */
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService forging = Executors.newSingleThreadExecutor();

    ProxyFixture(Path dir, Responder responder) throws Exception {
        this(dir, RawHttpsOrigin.builder().tls(ORIGIN_LEAF).responder(responder).maxRecordedBody(8 << 20).start(),
                UnaryOperator.identity());
    }

    ProxyFixture(Path dir, RawHttpsOrigin origin, UnaryOperator<ProxyOptions> tweak) throws Exception {
        this(dir, origin, tweak, UnaryOperator.identity());
    }

    /** @param sink wraps the capture writer as the proxy's sink (to change what {@code behind()} says) */
    ProxyFixture(Path dir, RawHttpsOrigin origin, UnaryOperator<ProxyOptions> tweak, UnaryOperator<CaptureSink> sink)
            throws Exception {
        this.dir = dir;
        this.origin = origin;
        this.caPem = Files.write(dir.resolve("trygr-ca.pem"), CA.export(ExportFormat.PEM, null));
        this.originCaPem = ORIGIN_PKI.writeCaPem(dir.resolve("origin-ca.pem"));
        this.capture = Capture.open(dir.resolve("capture.db"));
        this.session = capture.startSession(new SessionInfo("test", List.of("regular@127.0.0.1:0"),
                CA.fingerprintSha256(), false, false, ProxyOptions.DEFAULT_MAX_BODY, Map.of()));
        this.writer = capture.writer(session, WriterOptions.defaults());
        ProxyOptions d = ProxyOptions.defaults();
        ProxyOptions options = tweak.apply(new ProxyOptions(List.of(ModeSpec.parse("regular@127.0.0.1:0")),
                List.of(ConnectToRule.parse(ORIGIN_HOST + ":443:127.0.0.1:" + origin.port()),
                        ConnectToRule.parse(ORIGIN_HOST + ":80:127.0.0.1:" + origin.port())),
                d.intercept(), d.access(), d.maxBodyBytes(), d.idleTimeout(), Duration.ofSeconds(5),
                Duration.ofSeconds(2)));
        ProxyEvents told = new ProxyEvents() {
            @Override
            public void interceptionRejected(String clientAddress, String host, String reason) {
                events.add(clientAddress + " " + host + " " + reason);
            }
        };
        this.proxy = ProxyServer.start(options, sink.apply(writer), new ForgedContexts(new LeafForge(CA), forging, 100),
                UpstreamTrust.clientContext(List.of(originCaPem), false), true, told);
    }

    int port() {
        return proxy.listening().get(0).address().getPort();
    }

    /** The port of the first listener of this kind ({@code transparent}, {@code reverse}, …). */
    int port(String kind) {
        return proxy.listening().stream().filter(l -> l.mode().kind().equals(kind)).findFirst().orElseThrow()
                .address().getPort();
    }

    /** Commits everything the proxy has handed over so far, then reads the flows. */
    List<FlowSummary> flows() {
        writer.flush();
        try (CaptureReader reader = capture.reader()) {
            return reader.flows(FlowQuery.ALL);
        }
    }

    /**
     * The connections recorded so far that match {@code which}. A connection is recorded when it closes, so this
     * waits (at most 10 s) until at least {@code atLeast} are there.
     */
    List<ConnectionRow> connections(Predicate<ConnectionRow> which, int atLeast) throws InterruptedException {
        return await(() -> {
            try (CaptureReader reader = capture.reader()) {
                return reader.connections().stream().filter(c -> c.outcome() != null).filter(which).toList();
            }
        }, atLeast);
    }

    List<ConnectionRow> connections(int atLeast) throws InterruptedException {
        return connections(c -> true, atLeast);
    }

    /** The flows recorded so far, waiting (at most 10 s) until at least {@code atLeast} are there. */
    List<FlowSummary> flows(int atLeast) throws InterruptedException {
        return await(this::flows, atLeast);
    }

    private <T> List<T> await(Supplier<List<T>> rows, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<T> seen = List.of();
        while (System.nanoTime() < deadline) {
            writer.flush();
            seen = rows.get();
            if (seen.size() >= atLeast) {
                return seen;
            }
            Thread.sleep(20);   // rows appear when connections close: nothing to wait on but the capture itself
        }
        return seen;
    }

    /** A TCP port on loopback where nothing listens. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        proxy.stop();
        writer.close();
        capture.close();
        origin.close();
        forging.shutdownNow();
    }
}
