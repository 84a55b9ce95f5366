package dev.trygr.bench;

import dev.trygr.proxy.testing.TestPki;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * HTTPS throughput, latency, CPU and memory DIRECT to an origin vs THROUGH {@code trygr proxy} (recording on), on
 * loopback. For each scenario ({@link ScenarioSpec}): a direct run, then a fresh trygr process, a proxied run,
 * SIGTERM, and a check of the capture it left (flows recorded vs requests sent, losses). Every trygr process
 * uses one CA, imported once with {@code trygr ca import}. See bench/README.md.
 */
public final class ProxyBench {
    static final List<String> OPTIONS = List.of("scenarios", "warmup", "seconds", "max-requests", "hosts",
            "trygr-jar", "heap", "variants", "origin", "origin-workers", "jfr-check", "profile", "work-dir", "keep",
            "quiet-wait", "quiet-below");
    private static final String USAGE = "usage: bench/run [--scenarios " + ScenarioSpec.DEFAULT + "]"
            + " [--warmup 15] [--seconds 10] [--max-requests N] [--hosts 1000] [--trygr-jar PATH]"
            + " [--heap '" + ProxyBench.DEFAULT_HEAP + "'] [--variants 'NAME=JAR [JVM-OPTION...];...']"
            + " [--origin auto|nginx|netty] [--origin-workers 2]"
            + " [--jfr-check true] [--profile libasyncProfiler.so] [--work-dir DIR] [--keep true]"
            + " [--quiet-wait SECONDS] [--quiet-below PERCENT]";
    /** What ./trygr gives {@code trygr proxy} when TRYGR_JAVA_OPTS is unset. */
    static final String DEFAULT_HEAP = "-Xmx64m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC";

    private final Map<String, String> options;
    private final PrintStream out;

    private ProxyBench(Map<String, String> options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            System.out.println("see bench/README.md for what is measured and how to read the tables");
            System.exit(0);
        }
        int code;
        try {
            code = new ProxyBench(parse(args), System.out).run();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** One trygr to measure: a jar and its JVM options; several (--variants) are compared run by run. */
    record Variant(String name, Path jar, List<String> jvm) {
    }

    /** What one scenario produced, direct and proxied (through one variant). */
    record Result(ScenarioSpec spec, String variant, LoadGenerator.Result direct, LoadGenerator.Result proxied,
                  CpuSampler.Window directCpu, CpuSampler.Window proxiedCpu, long proxyCpuMicros,
                  long proxyPeakRssKib, CaptureCheck capture, int proxyExit, boolean proxyClean,
                  Map<String, Long> proxyThreads, Map<String, Long> proxyThreadTotals, EventLoopCheck.Result loops,
                  String loadBefore) {
        /** The scenario, with the variant's name when several are compared. */
        String label() {
            return variant.isEmpty() ? spec.label() : spec.label() + " [" + variant + "]";
        }
    }

    int run() throws Exception {
        List<ScenarioSpec> scenarios = ScenarioSpec.parseList(option("scenarios", ScenarioSpec.DEFAULT));
        long warmupMs = (long) (Double.parseDouble(option("warmup", "15")) * 1000);
        long measureMs = (long) (Double.parseDouble(option("seconds", "10")) * 1000);
        long maxRequests = Long.parseLong(option("max-requests", "50000000"));
        int hosts = Integer.parseInt(option("hosts", "1000"));
        Path jar = Path.of(option("trygr-jar", envOr("TRYGR_JAR", "cli/target/trygr.jar"))).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no trygr jar at " + jar + " (build it, or set TRYGR_JAR / --trygr-jar)");
        }
        List<String> proxyJvm = new ArrayList<>(splitOptions(option("heap", DEFAULT_HEAP)));
        proxyJvm.addAll(splitOptions(envOr("TRYGR_JAVA_OPTS", "")));
        List<Variant> variants = variants(jar, proxyJvm);
        // A folder the user named is theirs: kept. A temporary one is deleted unless --keep true.
        String workDir = option("work-dir", "");
        boolean keep = !workDir.isBlank() || Boolean.parseBoolean(option("keep", "false"));
        Path work = workDir.isBlank() ? Files.createTempDirectory("trygr-bench-")
                : Files.createDirectories(Path.of(workDir));

        List<Result> results = new ArrayList<>();
        int[] sizes = scenarios.stream().mapToInt(ScenarioSpec::bodyBytes).distinct().toArray();
        TestPki originPki = TestPki.create("trygr bench origin CA");
        Path originCa = originPki.writeCaPem(work.resolve("origin-ca.pem"));
        try (Origin origin = startOrigin(work, originPki, sizes)) {
            Path caDir = importCa(jar, work);
            SSLContext trustTrygr = TestPki.trustingOnly(TestPki.readPem(caDir.resolve("trygr-ca.pem")));
            out.printf(Locale.ROOT, "trygr proxy benchmark: %d CPUs, %s %s; load average %s%n"
                            + "  origin: %s on 127.0.0.1:%d%n"
                            + "%s"
                            + "  warm-up %d ms + measured %d ms per run; work dir %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), ProcStats.loadAverage(), origin.describe(), origin.port(),
                    String.join("", variants.stream().map(v -> "  trygr" + (v.name().isEmpty() ? "" : " [" + v.name()
                            + "]") + ": " + v.jar() + ", JVM options " + String.join(" ", v.jvm()) + "\n").toList()),
                    warmupMs, measureMs, work);
            for (ScenarioSpec spec : scenarios) {
                results.addAll(scenario(spec, origin, originCa, caDir, trustTrygr, variants, work, warmupMs,
                        measureMs, maxRequests, hosts));
            }
        } finally {
            if (!keep) {
                deleteTree(work);
            }
        }
        out.println();
        out.println("Finished; load average " + ProcStats.loadAverage() + ".");
        out.println();
        BenchTable.print(out, results, ProcStats.clockTicksPerSecond());
        List<String> failures = BenchTable.failures(results);
        failures.forEach(f -> out.println("CHECK FAILED: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private Origin startOrigin(Path work, TestPki pki, int[] sizes) throws IOException, InterruptedException {
        String which = option("origin", "auto");
        if (!List.of("auto", "nginx", "netty").contains(which)) {
            throw new IllegalArgumentException("--origin takes auto, nginx or netty, not '" + which + "'");
        }
        TestPki.Leaf leaf = Origin.newLeaf(pki);
        if (!which.equals("netty")) {
            var nginx = NginxOrigin.find();
            if (nginx.isPresent()) {
                int workers = Integer.parseInt(option("origin-workers", "2"));
                return NginxOrigin.start(nginx.get(), work.resolve("nginx"), workers, pki, leaf, sizes);
            }
            if (which.equals("nginx")) {
                throw new IllegalArgumentException("--origin nginx, but no nginx is installed (apt-get install nginx)");
            }
        }
        return NettyOrigin.start(pki, leaf, sizes);
    }

    /**
     * Makes the CA every trygr process of this run uses: a throw-away CA key and certificate, imported with
     * {@code trygr ca import --cert PEM --key PEM --ca-dir DIR}, as a lab sharing one CA would.
     */
    private Path importCa(Path jar, Path work) throws IOException, InterruptedException {
        TestPki ca = TestPki.create("trygr bench CA");
        Path cert = work.resolve("bench-ca.pem");
        Path key = work.resolve("bench-ca.key");
        ca.writeCaPem(cert);
        Origin.writePem(key, ca.caPrivateKey());
        Path caDir = work.resolve("trygr-ca");
        List<String> cmd = List.of(ProxyProcess.javaBinary(), "-jar", jar.toString(), "ca", "import",
                "--cert", cert.toString(), "--key", key.toString(), "--ca-dir", caDir.toString(), "--force");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("trygr ca import failed: " + String.join(" ", cmd) + "\n" + text);
        }
        out.println("shared CA: trygr ca import --cert " + cert.getFileName() + " --key " + key.getFileName()
                + " --ca-dir " + caDir + "  (" + text.lines().findFirst().orElse("").strip() + ")");
        return caDir;
    }

    /** Parses --variants ("NAME=JAR [JVM-OPTION...];..."), or makes the one variant of --trygr-jar and --heap. */
    private List<Variant> variants(Path jar, List<String> proxyJvm) {
        String text = option("variants", "");
        if (text.isBlank()) {
            return List.of(new Variant("", jar, proxyJvm));
        }
        List<Variant> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--variants takes NAME=JAR [JVM-OPTION...];..., not '" + part + "'");
            }
            List<String> words = splitOptions(part.substring(eq + 1));
            if (words.isEmpty()) {
                throw new IllegalArgumentException("--variants: " + part.substring(0, eq).trim() + "= names no jar");
            }
            Path variantJar = Path.of(words.get(0)).toAbsolutePath();
            if (!Files.isRegularFile(variantJar)) {
                throw new IllegalArgumentException("no jar at " + variantJar + " for variant " + part.substring(0, eq));
            }
            List<String> jvm = new ArrayList<>(proxyJvm);
            jvm.addAll(words.subList(1, words.size()));
            out.add(new Variant(part.substring(0, eq).trim(), variantJar, jvm));
        }
        return out;
    }

    private List<Result> scenario(ScenarioSpec spec, Origin origin, Path originCa, Path caDir,
                                  SSLContext trustTrygr, List<Variant> variants, Path work, long warmupMs,
                                  long measureMs, long maxRequests, int hosts) throws Exception {
        LoadGenerator.Load load = new LoadGenerator.Load(Origin.path(spec.bodyBytes()), spec.bodyBytes(),
                spec.newConnections(), spec.newConnections() ? hosts : 0);
        SSLContext trustOrigin = TestPki.trustingOnly(origin.pki().caCertificate());
        String loadBefore = awaitQuiet();
        CpuSampler directCpu = new CpuSampler(-1, origin);
        LoadGenerator.Result direct = new LoadGenerator(LoadGenerator.Target.tls(origin.port(), trustOrigin), load,
                spec.concurrency(), warmupMs, measureMs, maxRequests).run(directCpu::start, directCpu::end);
        out.println(BenchTable.runLine(spec.label() + " direct ", direct));
        List<Result> results = new ArrayList<>();
        for (Variant variant : variants) {
            results.add(proxied(spec, variant, load, direct, directCpu.window(), loadBefore, origin, originCa, caDir,
                    trustTrygr, work, warmupMs, measureMs, maxRequests));
        }
        return results;
    }

    private Result proxied(ScenarioSpec spec, Variant variant, LoadGenerator.Load load, LoadGenerator.Result direct,
                           CpuSampler.Window directCpu, String loadBefore, Origin origin, Path originCa, Path caDir,
                           SSLContext trustTrygr, Path work, long warmupMs, long measureMs, long maxRequests)
            throws Exception {
        String name = spec.label() + (variant.name().isEmpty() ? "" : " [" + variant.name() + "]");
        Path dir = Files.createDirectories(work.resolve(spec.slug() + (variant.name().isEmpty() ? ""
                : "-" + variant.name().replaceAll("[^A-Za-z0-9_.-]", "_"))));
        Path jar = variant.jar();
        List<String> jvm = new ArrayList<>(variant.jvm());
        Path jfr = dir.resolve("proxy.jfr");
        boolean checkLoops = spec.newConnections() && Boolean.parseBoolean(option("jfr-check", "true"));
        if (checkLoops) {
            jvm.addAll(EventLoopCheck.jvmOptions(jfr));
        }
        ProxyProcess proxy = ProxyProcess.start(jar, jvm, dir, caDir, originCa, origin.port(), spec.transparent());
        LoadGenerator.Result proxied;
        CpuSampler proxiedCpu = new CpuSampler(proxy.pid(), origin);
        String profile = option("profile", "");
        Profiler profiler = profile.isBlank() ? null : new Profiler(Path.of(profile).toAbsolutePath(), proxy.pid(), dir);
        long peakKib;
        Map<String, Long> totals;
        int exit;
        try {
            loadBefore += "; " + awaitQuiet();
            LoadGenerator.Target target = spec.transparent() ? LoadGenerator.Target.tls(proxy.port(), trustTrygr)
                    : LoadGenerator.Target.proxied(proxy.port(), trustTrygr);
            proxied = new LoadGenerator(target, load, spec.concurrency(), warmupMs, measureMs, maxRequests)
                    .run(() -> {
                        proxiedCpu.start();
                        if (profiler != null) {
                            profiler.start();
                        }
                    }, () -> {
                        proxiedCpu.end();
                        if (profiler != null) {
                            profiler.stop();
                        }
                    });
            peakKib = proxy.peakRssKib();
            totals = CpuSampler.totalsByGroup(proxy.pid());
        } finally {
            exit = proxy.stop(60_000);
        }
        out.println(BenchTable.runLine(name + " proxied", proxied));
        if ((exit != 0 && exit != 143) || !proxy.closedCleanly()) {   // 143: SIGTERM, after the shutdown hook
            out.println("  proxy exit " + exit + ", last output: "
                    + String.join(" | ", proxy.lines().subList(Math.max(0, proxy.lines().size() - 5),
                    proxy.lines().size())));
        }
        if (profiler != null) {
            out.println("    profile: " + (profiler.problem() != null ? profiler.problem()
                    : dir.resolve("profile.html") + " and profile.collapsed"));
        }
        CaptureCheck capture = CaptureCheck.read(dir.resolve("capture.db"), proxied, spec.responseBytes());
        out.println("    capture: " + capture.flows() + " flows for " + proxied.sent() + " requests sent; inside the"
                + " measured window " + capture.flowsInWindow() + " flows started for " + proxied.latencies().count()
                + " measured requests, flow_dropped in the window ~" + capture.droppedInWindow() + "; losses: "
                + capture.lossText() + "; intercepted connections " + capture.connectionsIntercepted()
                + " (distinct SNI " + capture.distinctSni() + ")");
        EventLoopCheck.Result loops = null;
        if (checkLoops && Files.isRegularFile(jfr)) {
            loops = EventLoopCheck.read(jfr);
            out.println("    event loops (JFR): forging samples by thread kind: " + loops.forgingText() + " (of "
                    + loops.allSamples() + " samples); event-loop waits >= "
                    + EventLoopCheck.BLOCKING_THRESHOLD.toMillis() + " ms in forging code: "
                    + loops.loopBlockedByForgingTotal() + ", in all: " + loops.loopBlockedTotal()
                    + (loops.loopBlocked().isEmpty() ? "" : " " + loops.loopBlocked()));
        }
        return new Result(spec, variant.name(), direct, proxied, directCpu, proxiedCpu.window(),
                proxiedCpu.processMicros(), peakKib, capture, exit, proxy.closedCleanly(), proxiedCpu.threadGroups(),
                totals, loops, loadBefore);
    }

    /**
     * With {@code --quiet-wait S}: waits up to S seconds for a one-second sample in which the machine is less
     * than {@code --quiet-below} percent busy (other builds on a shared box), and says what it found. Returns the
     * load average seen just before the run.
     */
    private String awaitQuiet() throws InterruptedException {
        double waitSeconds = Double.parseDouble(option("quiet-wait", "0"));
        double below = Double.parseDouble(option("quiet-below", "25"));
        if (waitSeconds > 0) {
            long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
            double busy = Double.NaN;
            boolean quiet = false;
            while (System.nanoTime() < deadline) {
                long[] a = ProcStats.machineTicks();
                Thread.sleep(1000);
                long[] b = ProcStats.machineTicks();
                if (a[1] < 0 || b[1] <= a[1]) {
                    quiet = true;   // no /proc/stat: nothing to wait for
                    break;
                }
                busy = 100.0 * (b[0] - a[0]) / (b[1] - a[1]);
                if (busy < below) {
                    quiet = true;
                    break;
                }
            }
            if (!quiet) {
                out.printf(Locale.ROOT, "  (machine still %.0f %% busy after waiting %.0f s; running anyway)%n",
                        busy, waitSeconds);
            }
        }
        return ProcStats.loadAverage();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, System.getProperty("bench." + name, fallback));
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<String> splitOptions(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (try --help)");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                m.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                m.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        for (String k : m.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + " (known: " + new TreeSet<>(OPTIONS) + ")");
            }
        }
        return m;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
