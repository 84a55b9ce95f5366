package dev.trygr.cli;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.FcmEventRow;
import dev.trygr.capture.RingRow;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.TokenEventRow;
import dev.trygr.capture.WriterOptions;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.capture.fcm.WebPushDecryption;
import dev.trygr.proxy.ConnectToRule;
import dev.trygr.proxy.InterceptPolicy;
import dev.trygr.proxy.ModeSpec;
import dev.trygr.proxy.ProxyOptions;
import dev.trygr.proxy.ProxyServer;
import dev.trygr.proxy.tls.CaNotFoundException;
import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.ForgedContexts;
import dev.trygr.proxy.tls.LeafForge;
import dev.trygr.proxy.tls.UpstreamTrust;
import dev.trygr.simulator.PushSent;
import dev.trygr.simulator.Route;
import dev.trygr.simulator.ScenarioResult;
import dev.trygr.simulator.ScenarioRunner;
import dev.trygr.simulator.ScenarioSetup;
import dev.trygr.simulator.SimOptions;
import dev.trygr.simulator.SimulatedCloud;
import dev.trygr.simulator.TokenEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Record a simulated Ring home through trygr, all on loopback: a fake Ring cloud, three "
                + "clients that behave like ring-client-api (one keeps its tokens, one reuses a stale refresh "
                + "token, one registers for push anew on every start), and trygr between them in transparent, "
                + "reverse:tls and dns modes.",
            "Writes DIR/capture.db and prints what was seen. Touches nothing outside DIR and loopback."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "trygr-demo",
            description = "Where the demo's CA, capture and client configs go. Default: ./trygr-demo.")
    Path out;

    @Spec
    CommandSpec spec;

    /**
     * What the simulated cloud itself saw, for checking the capture against: its refresh-token ledger (raw
     * tokens) and the pushes it sent (their exact plaintext).
     */
    record Outcome(List<ScenarioResult> clients, List<TokenEvent> ledger, List<PushSent> pushesSent) {
    }

    @Override
    public Integer call() throws Exception {
        run(out, spec.commandLine().getOut());
        return ExitCode.OK.code;
    }

    /** Runs the demo into {@code out}, telling {@code console} what happens. */
    static Outcome run(Path out, PrintWriter console) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(out);
        Path captureFile = out.resolve("capture.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(out.resolve("capture.db" + suffix));   // each demo run starts a fresh capture
        }
        Path caDir = out.resolve("ca");
        CertificateAuthority ca = demoCa(caDir);
        Path trygrCaPem = caDir.resolve(CertificateAuthority.CERT_PEM_FILE);

        console.println("trygr demo: a simulated Ring home on loopback, recorded into " + captureFile);
        ExecutorService forging = ForgedContexts.forgingThreads(1);
        Map<String, String> clientNames = new LinkedHashMap<>();
        List<ScenarioResult> results;
        List<TokenEvent> ledger;
        List<PushSent> pushesSent;
        try (SimulatedCloud cloud = SimulatedCloud.start(SimOptions.defaults())) {
            Path cloudCa = Files.writeString(out.resolve("simulated-cloud-ca.pem"), cloud.caCertificatePem());
            ProxyOptions options = options(cloud);
            try (Capture capture = Capture.open(captureFile)) {
                long session = capture.startSession(new SessionInfo(TrygrCommand.version(),
                        options.modes().stream().map(ModeSpec::canonical).toList(), ca.fingerprintSha256(), false,
                        false, options.maxBodyBytes(), Map.of("demo", true)));
                Console live = new Console(console);
                CaptureWriter writer = capture.writer(session, WriterOptions.defaults()
                        .withRingListener(row -> finding(row).ifPresent(live::line)));
                ProxyServer proxy = ProxyServer.start(options, writer, new ForgedContexts(new LeafForge(ca), forging,
                        1000), UpstreamTrust.clientContext(List.of(cloudCa), false), true);
                try {
                    InetSocketAddress transparent = listener(proxy, ModeSpec.TRANSPARENT);
                    InetSocketAddress reverse = listener(proxy, ModeSpec.REVERSE);
                    live.line("  trygr   transparent on " + transparent.getPort() + ", reverse:tls (MCS) on "
                            + reverse.getPort() + "; the cloud's names are sent to it with --connect-to");
                    InetSocketAddress dns = listener(proxy, ModeSpec.DNS);
                    for (String name : List.of("api.ring.com", "mtalk.google.com")) {
                        live.line("  dns     " + name + " asked of trygr's DNS on " + dns.getPort() + ": "
                                + lookup(dns, name) + " (trygr itself)");
                    }
                    ScenarioSetup setup = ScenarioSetup.forCloud(cloud, out.resolve("clients"))
                            .withRoute(Route.viaTrygr(transparent, reverse, Files.readString(trygrCaPem)))
                            .withListener(e -> live.line("  " + e.source() + "  " + e.message()));
                    results = new ArrayList<>();
                    ScenarioRunner runner = new ScenarioRunner(setup);
                    for (dev.trygr.simulator.Scenario scenario : dev.trygr.simulator.Scenario.values()) {
                        live.line("client " + scenario.shortName() + ":");
                        ScenarioResult result = runner.run(scenario);
                        clientNames.put(result.hardwareId(), scenario.shortName());
                        results.add(result);
                    }
                } finally {
                    proxy.stop();
                    writer.close();
                    live.close();
                }
            }
            ledger = cloud.tokenEvents();
            pushesSent = cloud.pushesSent();
        } finally {
            forging.shutdownNow();
        }
        summarize(console, captureFile, results, clientNames);
        console.printf("Done in %.1f s. Look closer:%n", (System.nanoTime() - started) / 1e9);
        console.println("  ./trygr flows list --capture " + captureFile);
        console.println("  ./trygr fcm list --capture " + captureFile);
        console.println("  ./trygr tokens inspect " + out.resolve("clients").resolve("good").resolve("config.json"));
        Path report = out.resolve("report.html");
        ReportCommand.write(ReportCommand.build(captureFile, null, null, dev.trygr.analyzer.report.ReportProgress.NONE),
                dev.trygr.reports.report.ReportFormat.HTML, report);
        console.println("  open " + report + " (the privacy report: ./trygr report --capture " + captureFile + ")");
        console.flush();
        return new Outcome(results, ledger, pushesSent);
    }

    private static CertificateAuthority demoCa(Path dir) {
        try {
            return CertificateAuthority.load(dir);
        } catch (CaNotFoundException e) {
            CertificateAuthority ca = CertificateAuthority.generate("trygr demo CA");
            ca.save(dir, false);
            return ca;
        }
    }

    /** transparent + reverse:tls + dns on loopback, the simulated cloud's names sent to it by --connect-to. */
    private static ProxyOptions options(SimulatedCloud cloud) {
        List<ConnectToRule> rules = new ArrayList<>();
        rules.add(ConnectToRule.parse(Route.MCS_HOST + ":" + Route.MCS_PORT + ":127.0.0.1:"
                + cloud.mcsAddress().getPort()));
        for (String host : SimulatedCloud.HOSTS) {
            rules.add(ConnectToRule.parse(host + "::127.0.0.1:" + cloud.httpsAddress().getPort()));
        }
        ProxyOptions d = ProxyOptions.defaults();
        return new ProxyOptions(List.of(ModeSpec.parse("transparent@127.0.0.1:0"),
                ModeSpec.parse("reverse:tls://" + Route.MCS_HOST + ":" + Route.MCS_PORT + "@127.0.0.1:0"),
                ModeSpec.parse("dns@127.0.0.1:0")), rules, InterceptPolicy.INTERCEPT_ALL, d.access(),
                d.maxBodyBytes(), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private static InetSocketAddress listener(ProxyServer proxy, String kind) {
        return proxy.listening().stream().filter(l -> l.mode().kind().equals(kind)).findFirst().orElseThrow()
                .address();
    }

    /** A live console line for a finding (stale reuse, re-registration, …); empty for ordinary events. */
    private static Optional<String> finding(RingRow row) {
        return Optional.ofNullable(row.message()).map(m -> "! " + m);
    }

    /** An A lookup through trygr's DNS responder, with the JDK's own DNS client (JNDI). */
    private static String lookup(InetSocketAddress server, String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + server.getPort());
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            DirContext context = new InitialDirContext(env);
            try {
                Attribute a = context.getAttributes(name, new String[] {"A"}).get("A");
                return a == null ? "no answer" : String.valueOf(a.get());
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            return "failed: " + e.getMessage();
        }
    }

    private static String client(String hardwareId, Map<String, String> names) {
        if (hardwareId == null) {
            return "a client";
        }
        String name = names.get(hardwareId);
        return name != null ? name : "hardware_id " + hardwareId;
    }

    private static void summarize(PrintWriter console, Path captureFile, List<ScenarioResult> results,
                                  Map<String, String> names) {
        console.println();
        console.println("What trygr recorded (" + captureFile + "):");
        Map<Long, String> decryptedBy = new LinkedHashMap<>();
        try (CaptureReader reader = Captures.reader(captureFile)) {
            int flows = reader.flows(dev.trygr.capture.FlowQuery.ALL).size();
            Map<String, Long> losses = new java.util.TreeMap<>();
            reader.losses().forEach(l -> losses.merge(l.kind(), l.count(), Long::sum));
            Long withheld = losses.remove("body_withheld_possible_secret");
            console.println("  " + flows + " HTTP exchanges over " + reader.connections().size()
                    + " connections, " + reader.dnsQueries(null).size() + " DNS queries; "
                    + (losses.isEmpty() ? "nothing dropped" : "dropped: " + losses)
                    + (withheld == null ? "" : "; " + withheld + " bodies not stored because they may hold "
                            + "secrets (FCM checkin is binary protobuf)"));
            List<TokenEventRow> tokens = reader.tokenEvents(null);
            for (ScenarioResult r : results) {
                String hid = r.hardwareId();
                long logins = tokens.stream().filter(t -> hid.equals(t.hardwareId()) && "grant".equals(t.kind())
                        && "ok".equals(t.outcome()) && !"refresh_token".equals(t.grant())).count();
                long rotations = tokens.stream().filter(t -> hid.equals(t.hardwareId()) && "grant".equals(t.kind())
                        && "ok".equals(t.outcome()) && "refresh_token".equals(t.grant())).count();
                long refused = tokens.stream().filter(t -> hid.equals(t.hardwareId()) && "grant".equals(t.kind())
                        && !"ok".equals(t.outcome()) && !"2fa_required".equals(t.outcome())).count();
                console.println("  tokens  " + names.get(hid) + ": " + logins + " login(s), " + rotations
                        + " refresh-token rotation(s), " + refused + " refused grant(s)");
            }
            List<String> findings = new ArrayList<>();
            tokens.stream().filter(t -> t.message() != null)
                    .forEach(t -> findings.add(client(t.hardwareId(), names) + ": " + t.message()));
            List<FcmEventRow> fcm = reader.fcmEvents(null);
            fcm.stream().filter(f -> f.message() != null)
                    .forEach(f -> findings.add(client(f.hardwareId(), names) + ": " + f.message()));
            long registrations = fcm.stream().filter(f -> "fcm_register".equals(f.kind())).count();
            console.println("  fcm     " + registrations + " FCM registration(s), "
                    + fcm.stream().filter(f -> "ring_push_token".equals(f.kind())).count()
                    + " push token(s) sent to Ring, " + reader.pushMessages(null).size() + " push message(s)");
            for (String f : findings) {
                console.println("  ! " + f);
            }
            for (ScenarioResult r : results) {
                RingCredentials creds;
                try {
                    creds = RingCredentials.read(r.configFile());
                } catch (Exception e) {
                    continue;   // this client saved no token (the stale-reuse client lost its own)
                }
                if (creds.webPushKeys().isEmpty()) {
                    continue;
                }
                for (CapturedPushes.Result p : CapturedPushes.decrypt(reader, creds.webPushKeys().get(), null)) {
                    if (p.decryption() instanceof WebPushDecryption.Decrypted d) {
                        decryptedBy.put(p.push().id(), d.plaintext());
                        console.println("  push    " + p.push().persistentId() + " decrypted with "
                                + names.get(r.hardwareId()) + "'s keys: " + abbreviate(d.plaintext(), 110));
                    }
                }
            }
        }
        if (!decryptedBy.isEmpty()) {
            try (Capture capture = Captures.writable(captureFile)) {
                decryptedBy.forEach(capture::storeDecrypted);
            }
        }
        console.println();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
