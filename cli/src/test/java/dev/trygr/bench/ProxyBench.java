package dev.trygr.bench;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.LossRow;
import dev.trygr.proxy.testing.TestPki;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Small-HTTPS throughput and latency, DIRECT to an origin vs THROUGH {@code trygr proxy} (explicit mode,
 * recording on), on loopback. For each concurrency: a direct run, then a fresh trygr process, a proxied run,
 * SIGTERM, and a check of the capture it left (flows recorded vs requests sent, losses).
 *
 * <p>Options ({@code --name value}, or system property {@code bench.name}): {@code concurrency} (comma list,
 * default 1,32), {@code warmup} seconds (3), {@code seconds} measured (10), {@code max-requests} measured per
 * run (50000000), {@code body-bytes} (0 = the ~100-byte JSON), {@code trygr-jar} (env TRYGR_JAR, default
 * cli/target/trygr.jar), {@code heap} (-Xmx256m), {@code work-dir} (a new temp dir), {@code keep} (keep the
 * work dir: captures, proxy output), {@code quiet-wait} seconds to wait before each run for the machine to be
 * less than {@code quiet-below} percent busy (0 = do not wait). Extra JVM options for the proxy: env
 * {@code TRYGR_JAVA_OPTS}.
 */
public final class ProxyBench {
    private final Map<String, String> options;
    private final PrintStream out;

    private ProxyBench(Map<String, String> options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    private static final String USAGE = "usage: bench/run [--concurrency 1,32] [--warmup 3] [--seconds 10]"
            + " [--max-requests N] [--body-bytes 0|N] [--trygr-jar PATH] [--heap -Xmx256m]"
            + " [--work-dir DIR] [--keep true] [--quiet-wait SECONDS] [--quiet-below PERCENT]";

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

    /** What one concurrency level produced, direct and proxied. */
    record Scenario(String body, int concurrency, LoadGenerator.Result direct, LoadGenerator.Result proxied,
                    CpuWindow directCpu, CpuWindow proxiedCpu, long proxyCpuMicros, long proxyPeakRssKib,
                    long flows, long flowsNot200, Map<String, Long> losses, int proxyExit, boolean proxyClean,
                    Map<String, Long> proxyThreads, long flowsInWindow, long flowsDroppedInWindow) {
        /** "kind count, kind count", or "0". */
        String lossText() {
            return losses.isEmpty() ? "0" : String.join(", ", losses.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList());
        }
    }

    /** CPU spent during a measured window: this JVM (load generator + origin) and the whole machine. */
    record CpuWindow(long benchMicros, long machineBusyTicks, long machineTotalTicks) {
        double machineBusyShare() {
            return machineTotalTicks <= 0 ? Double.NaN : (double) machineBusyTicks / machineTotalTicks;
        }
    }

    int run() throws Exception {
        int[] levels = Arrays.stream(option("concurrency", "1,32").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        long warmupMs = (long) (Double.parseDouble(option("warmup", "3")) * 1000);
        long measureMs = (long) (Double.parseDouble(option("seconds", "10")) * 1000);
        long maxRequests = Long.parseLong(option("max-requests", "50000000"));
        int bodyBytes = Integer.parseInt(option("body-bytes", "0"));
        Path jar = Path.of(option("trygr-jar", envOr("TRYGR_JAR", "cli/target/trygr.jar"))).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no trygr jar at " + jar + " (build it, or set TRYGR_JAR / --trygr-jar)");
        }
        String heap = option("heap", "-Xmx256m");
        List<String> proxyJvm = splitOptions(envOr("TRYGR_JAVA_OPTS", ""));
        boolean keep = Boolean.parseBoolean(option("keep", "false"));
        Path work = options.containsKey("work-dir") ? Files.createDirectories(Path.of(options.get("work-dir")))
                : Files.createTempDirectory("trygr-bench-");

        List<Scenario> results = new ArrayList<>();
        try (BenchOrigin origin = BenchOrigin.start(bodyBytes)) {
            Path originCa = origin.writeCaPem(work.resolve("origin-ca.pem"));
            SSLContext trustOrigin = TestPki.trustingOnly(origin.pki().caCertificate());
            out.printf("trygr proxy benchmark: %d CPUs, %s %s, origin %s on 127.0.0.1:%d (%s, %d-byte body),%n"
                            + "  warm-up %d ms + measured %d ms per run, trygr %s %s%s, work dir %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), "Netty", origin.port(), origin.transport(),
                    origin.bodyBytes(), warmupMs, measureMs, jar, heap,
                    proxyJvm.isEmpty() ? "" : " " + String.join(" ", proxyJvm), work);
            for (int c : levels) {
                results.add(scenario(c, origin, originCa, trustOrigin, jar, heap, proxyJvm, work, warmupMs, measureMs,
                        maxRequests));
            }
        } finally {
            if (!keep) {
                deleteTree(work);
            }
        }
        out.println();
        BenchTable.print(out, results, ProcStats.clockTicksPerSecond());
        List<String> failures = BenchTable.failures(results);
        failures.forEach(f -> out.println("CHECK FAILED: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private Scenario scenario(int c, BenchOrigin origin, Path originCa, SSLContext trustOrigin, Path jar, String heap,
                              List<String> proxyJvm, Path work, long warmupMs, long measureMs, long maxRequests)
            throws Exception {
        int body = origin.bodyBytes();
        awaitQuiet();
        CpuSampler directCpu = new CpuSampler(-1);
        LoadGenerator.Result direct = new LoadGenerator(LoadGenerator.Target.direct(origin.port(), trustOrigin), c,
                warmupMs, measureMs, maxRequests, body).run(directCpu::start, directCpu::end);
        out.println(BenchTable.runLine("C=" + c + " direct ", direct));

        Path dir = Files.createDirectories(work.resolve("c" + c));
        ProxyProcess proxy = ProxyProcess.start(jar, heap, proxyJvm, dir, originCa, origin.port());
        LoadGenerator.Result proxied;
        CpuSampler proxiedCpu = new CpuSampler(proxy.pid());
        long peakKib;
        int exit;
        try {
            SSLContext trustTrygr = TestPki.trustingOnly(TestPki.readPem(dir.resolve("ca").resolve("trygr-ca.pem")));
            awaitQuiet();
            proxied = new LoadGenerator(LoadGenerator.Target.proxied(proxy.port(), trustTrygr), c, warmupMs, measureMs,
                    maxRequests, body).run(proxiedCpu::start, proxiedCpu::end);
            peakKib = proxy.peakRssKib();
        } finally {
            exit = proxy.stop(30_000);
        }
        out.println(BenchTable.runLine("C=" + c + " proxied", proxied));
        if ((exit != 0 && exit != 143) || !proxy.closedCleanly()) {   // 143: SIGTERM, after the shutdown hook
            out.println("  proxy exit " + exit + ", last output: "
                    + String.join(" | ", proxy.lines().subList(Math.max(0, proxy.lines().size() - 5),
                    proxy.lines().size())));
        }
        long[] flows = {0, 0, 0};   // all, not a complete 200, started inside the measured window
        Map<String, Long> losses = new LinkedHashMap<>();
        long droppedInWindow = 0;
        try (CaptureReader reader = CaptureReader.open(dir.resolve("capture.db"))) {
            reader.forEachFlow(FlowQuery.ALL, f -> {
                flows[0]++;
                if (f.status() != 200 || f.error() != null) {
                    flows[1]++;
                }
                if (f.startedMicros() >= proxied.windowStartEpochMicros()
                        && f.startedMicros() < proxied.windowEndEpochMicros()) {
                    flows[2]++;
                }
            });
            for (LossRow loss : reader.losses()) {
                losses.merge(loss.kind(), loss.count(), Long::sum);
                // rows are written about once a second, counting since the previous one: attribution is +-1 s
                if (loss.kind().equals("flow_dropped") && loss.atMicros() > proxied.windowStartEpochMicros()
                        && loss.atMicros() <= proxied.windowEndEpochMicros() + 1_000_000) {
                    droppedInWindow += loss.count();
                }
            }
        }
        String label = options.getOrDefault("body-bytes", System.getProperty("bench.body-bytes", "0")).equals("0")
                ? "small JSON" : body + " B body";
        Scenario s = new Scenario(label, c, direct, proxied, directCpu.window(), proxiedCpu.window(),
                proxiedCpu.processMicros(), peakKib, flows[0], flows[1], losses, exit, proxy.closedCleanly(),
                proxiedCpu.threadGroups(), flows[2], droppedInWindow);
        out.println("    capture: " + flows[0] + " flows for " + proxied.sent() + " requests sent; inside the measured"
                + " window " + flows[2] + " flows started for " + proxied.latencies().count()
                + " measured requests, flow_dropped in the window ~" + droppedInWindow + "; losses: " + s.lossText());
        return s;
    }

    /**
     * With {@code --quiet-wait S}: waits up to S seconds for a one-second sample in which the machine is less
     * than {@code --quiet-below} percent busy (other builds on a shared box), and says what it found.
     */
    private void awaitQuiet() throws InterruptedException {
        double waitSeconds = Double.parseDouble(option("quiet-wait", "0"));
        double below = Double.parseDouble(option("quiet-below", "25"));
        if (waitSeconds <= 0) {
            return;
        }
        long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
        double busy = Double.NaN;
        while (System.nanoTime() < deadline) {
            long[] a = ProcStats.machineTicks();
            Thread.sleep(1000);
            long[] b = ProcStats.machineTicks();
            if (a[1] < 0 || b[1] <= a[1]) {
                return;   // no /proc/stat: nothing to wait for
            }
            busy = 100.0 * (b[0] - a[0]) / (b[1] - a[1]);
            if (busy < below) {
                out.printf(java.util.Locale.ROOT, "  (machine %.0f %% busy before this run)%n", busy);
                return;
            }
        }
        out.printf(java.util.Locale.ROOT, "  (machine still %.0f %% busy after waiting %.0f s; running anyway)%n",
                busy, waitSeconds);
    }

    /** Samples CPU counters at the measured window's edges. */
    private static final class CpuSampler {
        private final long pid;
        private final long self = ProcessHandle.current().pid();
        private long proc0;
        private long proc1;
        private long self0;
        private long self1;
        private long[] machine0;
        private long[] machine1;
        private Map<Long, Map.Entry<String, Long>> threads0 = Map.of();
        private Map<Long, Map.Entry<String, Long>> threads1 = Map.of();

        CpuSampler(long pid) {
            this.pid = pid;
        }

        void start() {
            machine0 = ProcStats.machineTicks();
            self0 = ProcStats.cpuMicros(self);
            proc0 = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
            threads0 = pid > 0 ? ProcStats.threadCpuMicros(pid) : Map.of();
        }

        void end() {
            proc1 = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
            threads1 = pid > 0 ? ProcStats.threadCpuMicros(pid) : Map.of();
            self1 = ProcStats.cpuMicros(self);
            machine1 = ProcStats.machineTicks();
        }

        long processMicros() {
            return proc0 < 0 || proc1 < 0 ? -1 : proc1 - proc0;
        }

        /** The process's CPU time in the window by kind of thread (threads that ended inside it are missed). */
        Map<String, Long> threadGroups() {
            Map<String, Long> groups = new LinkedHashMap<>();
            threads1.forEach((tid, now) -> {
                Map.Entry<String, Long> before = threads0.get(tid);
                long delta = now.getValue() - (before == null ? 0 : before.getValue());
                groups.merge(ProcStats.threadGroup(now.getKey()), delta, Long::sum);
            });
            return groups;
        }

        CpuWindow window() {
            boolean ok = self0 >= 0 && self1 >= 0 && machine0[0] >= 0 && machine1[0] >= 0;
            return ok ? new CpuWindow(self1 - self0, machine1[0] - machine0[0], machine1[1] - machine0[1])
                    : new CpuWindow(-1, -1, -1);
        }
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
        List<String> known = List.of("concurrency", "warmup", "seconds", "max-requests", "body-bytes", "trygr-jar",
                "heap", "work-dir", "keep", "quiet-wait", "quiet-below");
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + " (known: " + known + ")");
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
