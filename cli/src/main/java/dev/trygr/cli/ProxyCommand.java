package dev.trygr.cli;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;
import dev.trygr.proxy.AccessPolicy;
import dev.trygr.proxy.Cidr;
import dev.trygr.proxy.ConnectToRule;
import dev.trygr.proxy.DnsSettings;
import dev.trygr.proxy.InterceptPolicy;
import dev.trygr.proxy.ModeSpec;
import dev.trygr.proxy.ProxyEvents;
import dev.trygr.proxy.dns.DnsOptions;
import dev.trygr.proxy.ProxyOptions;
import dev.trygr.proxy.ProxyServer;
import dev.trygr.proxy.ProxyStartException;
import dev.trygr.proxy.tls.CaNotFoundException;
import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.ForgedContexts;
import dev.trygr.proxy.tls.LeafForge;
import dev.trygr.proxy.tls.UpstreamTrust;
import io.netty.handler.ssl.SslContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Run the intercepting proxy and record everything into the capture file.",
            "Stop it with Ctrl-C: in-flight exchanges finish briefly, then the capture is closed cleanly."})
final class ProxyCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--mode", paramLabel = "SPEC",
            description = "A listener, in mitmproxy's grammar; repeatable. Default: regular@127.0.0.1:8080.")
    List<String> modes = new ArrayList<>();

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "capture.db",
            description = "The SQLite capture to append to (created with mode 0600). Default: ./capture.db.")
    Path capture;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where the CA lives (default: ~/.trygr).")
    Path caDir;

    @Option(names = "--connect-to", paramLabel = "HOST1:PORT1:HOST2:PORT2",
            description = "Send connections for HOST1:PORT1 to HOST2:PORT2 (curl's meaning); repeatable.")
    List<String> connectTo = new ArrayList<>();

    @Option(names = "--upstream-trust", paramLabel = "PEM",
            description = "Also trust these CA certificates for upstream servers; repeatable.")
    List<Path> upstreamTrust = new ArrayList<>();

    @Option(names = "--upstream-insecure",
            description = "Do not verify upstream certificates (recorded, and flagged in every report).")
    boolean upstreamInsecure;

    @Option(names = "--intercept", paramLabel = "GLOB",
            description = "Intercept only TLS to these hosts (default: all); repeatable.")
    List<String> intercept = new ArrayList<>();

    @Option(names = "--passthrough", paramLabel = "GLOB",
            description = "Relay TLS to these hosts untouched (wins over --intercept); repeatable.")
    List<String> passthrough = new ArrayList<>();

    @Option(names = "--store-secrets",
            description = "Keep raw tokens, passwords and cookies in the capture (default: fingerprints only).")
    boolean storeSecrets;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1m",
            description = "Keep at most this much of each body (k/m suffixes allowed). Default: 1m.")
    String maxBody;

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "Let clients from this range in (needed to listen on a non-loopback address); repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Close connections idle this long. Default: 300.")
    long idleSeconds;

    @Option(names = "--dns-intercept", paramLabel = "GLOB",
            description = {"With --mode dns: answer these names with trygr's own address; repeatable.",
                "Default: *.ring.com, *.rings.solutions, *.ring.devices.a2z.com, android.clients.google.com,",
                "firebaseinstallations.googleapis.com, fcmregistrations.googleapis.com, mtalk.google.com."})
    List<String> dnsIntercept = new ArrayList<>();

    @Option(names = "--dns-answer", paramLabel = "IP",
            description = "With --mode dns: answer intercepted names with this address (default: the address the "
                    + "query arrived on).")
    String dnsAnswer;

    @Option(names = "--dns-upstream", paramLabel = "ADDR[:PORT]",
            description = {"The resolvers trygr asks: for names its DNS responder forwards, and for its own",
                "upstream connections (default: the system's); repeatable."})
    List<String> dnsUpstream = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No line per flow on the console.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ProxyOptions options = options();
        Path dir = caDir != null ? caDir : CertificateAuthority.defaultDir();
        CertificateAuthority ca = loadOrCreateCa(dir, out);
        ExecutorService forging = ForgedContexts.forgingThreads(2);
        ForgedContexts forged = new ForgedContexts(new LeafForge(ca), forging, 10_000);
        forged.contextFor("localhost").get(30, TimeUnit.SECONDS);   // warms the forging code before clients come
        SslContext upstreamTls = UpstreamTrust.clientContext(upstreamTrust, upstreamInsecure);

        Capture store = Capture.open(capture);
        long session = store.startSession(sessionInfo(options, ca));
        Console console = new Console(out);
        // Findings (a stale refresh token reused, a push re-registration) are printed even with --quiet.
        WriterOptions writing = WriterOptions.defaults().withRingListener(row -> {
            if (row.message() != null) {
                console.line("! " + row.message());
            }
        });
        CaptureWriter writer = store.writer(session, quiet ? writing
                : writing.withListener(r -> console.line(FlowLine.of(r.flowId(), r.flow()))));
        CaptureSink sink = quiet ? writer : new CaptureSink() {
            @Override
            public void submit(CaptureEvent event) {
                if (event instanceof CaptureEvent.ConnectionClosed c && c.outcome() != ConnectionOutcome.INTERCEPTED
                        && c.outcome() != ConnectionOutcome.PLAIN && c.outcome() != ConnectionOutcome.PASSTHROUGH) {
                    console.line(FlowLine.ofFailure(c));
                }
                writer.submit(event);
            }

            @Override
            public boolean behind() {
                return writer.behind();
            }
        };
        ProxyServer server;
        try {
            server = ProxyServer.start(options, sink, forged, upstreamTls, !upstreamInsecure, new ProxyEvents() {
                @Override
                public void interceptionRejected(String clientAddress, String host, String reason) {
                    console.line("! " + clientAddress + " rejected trygr's certificate for " + host + " (" + reason
                            + "); its connections to " + host + " now pass through untouched");
                }
            });
        } catch (ProxyStartException e) {
            store.close();   // drains the writer and ends the session
            console.close();
            throw new UserError(ExitCode.CANNOT_LISTEN, e.getMessage());
        }
        Banner.print(out, server, store.file(), session, ca, dir, upstreamInsecure, upstreamTrust.size(),
                storeSecrets, dnsUpstream.isEmpty());

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            console.line("stopping: finishing " + server.exchangesInFlight() + " in-flight exchange(s)…");
            server.stop();
            store.close();   // drains the writer, ends the session, closes the file
            console.line("capture closed: " + store.file().toAbsolutePath().normalize());
            console.close();
            forging.shutdownNow();
            stopped.countDown();
        }, "trygr-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCode.OK.code;
    }

    ProxyOptions options() {
        List<ModeSpec> specs = new ArrayList<>();
        for (String m : modes) {
            specs.add(ModeSpec.parse(m));
        }
        if (specs.isEmpty()) {
            specs.add(ModeSpec.DEFAULT);
        }
        List<ConnectToRule> rules = connectTo.stream().map(ConnectToRule::parse).toList();
        List<Cidr> ranges = allow.stream().map(Cidr::parse).toList();
        if (idleSeconds <= 0) {
            throw new IllegalArgumentException("--idle-timeout must be at least 1 second");
        }
        ProxyOptions d = ProxyOptions.defaults();
        return new ProxyOptions(specs, rules, new InterceptPolicy(intercept, passthrough), new AccessPolicy(ranges),
                ByteSize.parse(maxBody, "--max-body"), Duration.ofSeconds(idleSeconds), d.connectTimeout(),
                d.shutdownGrace(), dnsSettings());
    }

    private DnsSettings dnsSettings() {
        InetAddress answer = null;
        if (dnsAnswer != null) {
            try {
                answer = DnsOptions.parseUpstream(dnsAnswer).getAddress();   // an IP literal, never looked up
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dns-answer must be an IP address, not '" + dnsAnswer + "'");
            }
        }
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String u : dnsUpstream) {
            upstreams.add(DnsOptions.parseUpstream(u));
        }
        return new DnsSettings(dnsIntercept, answer, upstreams);
    }

    private static CertificateAuthority loadOrCreateCa(Path dir, PrintWriter out) {
        try {
            return CertificateAuthority.load(dir);
        } catch (CaNotFoundException e) {
            CertificateAuthority ca = CertificateAuthority.generate();
            ca.save(dir, false);
            out.println("No CA yet: created one in " + dir + " (see 'trygr ca show' for how to trust it).");
            return ca;
        }
    }

    private SessionInfo sessionInfo(ProxyOptions options, CertificateAuthority ca) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("modes", options.modes().stream().map(ModeSpec::canonical).toList());
        recorded.put("connect_to", connectTo);
        recorded.put("upstream_trust", upstreamTrust.stream().map(Path::toString).toList());
        recorded.put("upstream_insecure", upstreamInsecure);
        recorded.put("intercept", intercept);
        recorded.put("passthrough", passthrough);
        recorded.put("allow", allow);
        recorded.put("max_body", options.maxBodyBytes());
        recorded.put("idle_timeout_s", idleSeconds);
        recorded.put("store_secrets", storeSecrets);
        recorded.put("dns_intercept", dnsIntercept);
        if (dnsAnswer != null) {
            recorded.put("dns_answer", dnsAnswer);
        }
        recorded.put("dns_upstream", dnsUpstream);
        return new SessionInfo(TrygrCommand.version(), options.modes().stream().map(ModeSpec::canonical).toList(),
                ca.fingerprintSha256(), upstreamInsecure, storeSecrets, options.maxBodyBytes(), recorded);
    }
}
