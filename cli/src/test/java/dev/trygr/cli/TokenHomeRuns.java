package dev.trygr.cli;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import dev.trygr.proxy.ConnectToRule;
import dev.trygr.proxy.InterceptPolicy;
import dev.trygr.proxy.ModeSpec;
import dev.trygr.proxy.ProxyOptions;
import dev.trygr.proxy.ProxyServer;
import dev.trygr.proxy.ProxyStartException;
import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.ForgedContexts;
import dev.trygr.proxy.tls.LeafForge;
import dev.trygr.proxy.tls.UpstreamTrust;
import dev.trygr.simulator.PushKind;
import dev.trygr.simulator.RingClient;
import dev.trygr.simulator.Route;
import dev.trygr.simulator.SimOptions;
import dev.trygr.simulator.SimulatedCloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One simulated Ring cloud and the real proxy in front of it, recorded run by run: each {@link #record} is one
 * proxy run (a session) into a capture file, so a client started in one run and restarted in the next continues its
 * token chain across two captures (or two sessions of one file), as a homebridge restart does. The clients are the
 * simulator's ring-client-api look-alikes, scripted like the demo's good, stale and re-registering clients.
 */
final class TokenHomeRuns implements AutoCloseable {
    private final Path dir;
    private final SimulatedCloud cloud;
    private final CertificateAuthority ca;
    private final String caPem;
    private final Path cloudCa;
    private final ExecutorService forging = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "trygr-test-forge");
        t.setDaemon(true);
        return t;
    });

    private TokenHomeRuns(Path dir, SimulatedCloud cloud, CertificateAuthority ca, String caPem, Path cloudCa) {
        this.dir = dir;
        this.cloud = cloud;
        this.ca = ca;
        this.caPem = caPem;
        this.cloudCa = cloudCa;
    }

    /** @param grace how long the cloud accepts a used refresh token once more */
    static TokenHomeRuns start(Path dir, Duration grace) throws IOException {
        SimulatedCloud cloud = SimulatedCloud.start(SimOptions.defaults().withRefreshGrace(grace));
        CertificateAuthority ca = CertificateAuthority.generate("trygr token test CA");
        ca.save(dir.resolve("ca"), false);
        String pem = Files.readString(dir.resolve("ca").resolve(CertificateAuthority.CERT_PEM_FILE));
        Path cloudCa = Files.writeString(dir.resolve("cloud-ca.pem"), cloud.caCertificatePem());
        return new TokenHomeRuns(dir, cloud, ca, pem, cloudCa);
    }

    SimulatedCloud cloud() {
        return cloud;
    }

    /** A client installation: its config file and the hardware_id it uses until its token carries one. */
    record Install(String name, Path config, String hardwareId) {
    }

    Install install(String name) throws IOException {
        Path config = Files.createDirectories(dir.resolve("clients").resolve(name)).resolve("config.json");
        return new Install(name, config, UUID.randomUUID().toString());
    }

    /** Starts a proxy run recording into {@code captureFile} (a new session of it). */
    Recording record(Path captureFile) throws ProxyStartException {
        return new Recording(captureFile);
    }

    /** One proxy run. Closing it stops the proxy, flushes the writer and ends the session. */
    final class Recording implements AutoCloseable {
        private final Capture capture;
        private final long session;
        private final CaptureWriter writer;
        private final ProxyServer proxy;
        private final Route route;
        private final List<RingClient> clients = new ArrayList<>();

        private Recording(Path file) throws ProxyStartException {
            ProxyOptions options = options();
            capture = Capture.open(file);
            session = capture.startSession(new SessionInfo("test", options.modes().stream()
                    .map(ModeSpec::canonical).toList(), ca.fingerprintSha256(), false, false,
                    options.maxBodyBytes(), Map.of("test", true)));
            writer = capture.writer(session, WriterOptions.defaults());
            proxy = ProxyServer.start(options, writer, new ForgedContexts(new LeafForge(ca), forging, 100),
                    UpstreamTrust.clientContext(List.of(cloudCa), false), true);
            route = Route.viaTrygr(listener(ModeSpec.TRANSPARENT), listener(ModeSpec.REVERSE), caPem);
        }

        long session() {
            return session;
        }

        /** Starts the client once (one process lifetime), through this run's proxy. */
        RingClient start(Install install, int number, boolean persist) throws IOException {
            RingClient c = new RingClient(install.name(), number, route, install.config(), install.hardwareId(),
                    persist, Clock.systemUTC(), e -> { });
            clients.add(c);
            return c;
        }

        private InetSocketAddress listener(String kind) {
            return proxy.listening().stream().filter(l -> l.mode().kind().equals(kind)).findFirst().orElseThrow()
                    .address();
        }

        @Override
        public void close() {
            clients.forEach(RingClient::close);
            proxy.stop();
            writer.close();
            capture.endSession(session);
            capture.close();
        }
    }

    /** Logs in with 2FA as the simulator's account. */
    void login(RingClient c) throws IOException {
        SimOptions o = cloud.options();
        c.login(o.home().email(), o.home().password(), o.twoFactorCode());
    }

    /** Push setup as push-receiver does it (reuse stored credentials unless {@code forceNew}), then one push. */
    void push(RingClient c, boolean forceNew, PushKind kind) throws IOException, InterruptedException {
        c.ensurePushCredentials(forceNew);
        c.patchDevice();
        c.connectPush();
        int before = c.pushes().size();
        cloud.push(c.hardwareId(), kind);
        c.awaitPushes(before + 1, Duration.ofSeconds(5));
    }

    /**
     * Waits into the next whole second, so the next token Ring issues has an {@code iat} of its own (tokens issued
     * within one second of one Ring session cannot be told apart across captures).
     */
    static void nextSecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(1000 - now % 1000 + 50);
    }

    private ProxyOptions options() {
        List<ConnectToRule> rules = new ArrayList<>();
        rules.add(ConnectToRule.parse(Route.MCS_HOST + ":" + Route.MCS_PORT + ":127.0.0.1:"
                + cloud.mcsAddress().getPort()));
        for (String host : SimulatedCloud.HOSTS) {
            rules.add(ConnectToRule.parse(host + "::127.0.0.1:" + cloud.httpsAddress().getPort()));
        }
        ProxyOptions d = ProxyOptions.defaults();
        return new ProxyOptions(List.of(ModeSpec.parse("transparent@127.0.0.1:0"),
                ModeSpec.parse("reverse:tls://" + Route.MCS_HOST + ":" + Route.MCS_PORT + "@127.0.0.1:0")), rules,
                InterceptPolicy.INTERCEPT_ALL, d.access(), d.maxBodyBytes(), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        cloud.close();
        forging.shutdownNow();
    }
}
