package dev.trygr.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats {@link ProxyBench}'s results: one line per run while it goes, then the summary tables. */
final class BenchTable {
    private BenchTable() {
    }

    /** One run in detail: window, requests, rate, p50/p90/p99/max, errors, TLS seen. */
    static String runLine(String label, LoadGenerator.Result r) {
        LatencyHistogram h = r.latencies();
        String line = String.format(Locale.ROOT,
                "%s: %6.2f s measured, %8d req, %9.1f req/s, latency µs p50 %s p90 %s p99 %s max %s;"
                        + " sent %d (incl. warm-up), errors %d",
                label, r.windowNanos() / 1e9, h.count(), r.requestsPerSecond(), us(h.percentileNanos(50)),
                us(h.percentileNanos(90)), us(h.percentileNanos(99)), us(h.maxNanos()), r.sent(), r.errors());
        if (r.firstError() != null) {
            line += "\n    first error: " + r.firstError();
        }
        if (r.tls() != null) {
            line += "\n    TLS: " + r.tls();
        }
        return line;
    }

    static void print(PrintStream out, List<ProxyBench.Result> results, long clockTicks) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "direct req/s", "proxied req/s", "ratio", "direct MB/s", "proxied MB/s",
            "direct p50/p99 µs", "proxied p50/p99 µs", "added p50/p99 µs", "proxy CPU µs/req",
            "proxy peak RSS MiB", "flows recorded/requests sent", "losses"});
        for (ProxyBench.Result s : results) {
            LatencyHistogram d = s.direct().latencies();
            LatencyHistogram p = s.proxied().latencies();
            long n = p.count();
            rows.add(new String[] {
                s.label(),
                fmt("%.0f", s.direct().requestsPerSecond()),
                fmt("%.0f", s.proxied().requestsPerSecond()),
                s.direct().requestsPerSecond() > 0
                        ? fmt("%.2f", s.proxied().requestsPerSecond() / s.direct().requestsPerSecond()) : "n/a",
                fmt("%.1f", s.direct().requestsPerSecond() * s.spec().responseBytes() / 1e6),
                fmt("%.1f", s.proxied().requestsPerSecond() * s.spec().responseBytes() / 1e6),
                us(d.percentileNanos(50)) + " / " + us(d.percentileNanos(99)),
                us(p.percentileNanos(50)) + " / " + us(p.percentileNanos(99)),
                signedUs(p.percentileNanos(50) - d.percentileNanos(50)) + " / "
                        + signedUs(p.percentileNanos(99) - d.percentileNanos(99)),
                s.proxyCpuMicros() < 0 || n == 0 ? "n/a" : fmt("%.0f", (double) s.proxyCpuMicros() / n),
                s.proxyPeakRssKib() <= 0 ? "n/a" : fmt("%.1f", s.proxyPeakRssKib() / 1024.0),
                s.capture().flows() + "/" + s.proxied().sent(),
                s.capture().lossText()});
        }
        printAligned(out, rows);
        out.println("(MB = 10^6 bytes of response body; in 'new conn' scenarios each request is one new TLS"
                + " connection, so req/s = handshakes/s)");

        List<ProxyBench.Result> fresh = results.stream().filter(r -> r.spec().newConnections()).toList();
        if (!fresh.isEmpty()) {
            out.println();
            out.println("New connections (a full TLS handshake per request; trygr forges one certificate per host name,"
                    + " on its trygr-forge threads, and caches it):");
            List<String[]> hs = new ArrayList<>();
            hs.add(new String[] {"scenario", "direct handshakes/s", "proxied handshakes/s", "ratio",
                "intercepted connections/requests sent", "distinct SNI", "forging CPU ms (whole run)",
                "forging samples by thread (JFR)", "event-loop waits >= 1 ms in forging code / all (JFR)"});
            for (ProxyBench.Result s : fresh) {
                EventLoopCheck.Result loops = s.loops();
                hs.add(new String[] {
                    s.label(),
                    fmt("%.0f", s.direct().requestsPerSecond()),
                    fmt("%.0f", s.proxied().requestsPerSecond()),
                    s.direct().requestsPerSecond() > 0
                            ? fmt("%.2f", s.proxied().requestsPerSecond() / s.direct().requestsPerSecond()) : "n/a",
                    s.capture().connectionsIntercepted() + "/" + s.proxied().sent(),
                    Long.toString(s.capture().distinctSni()),
                    fmt("%.0f", s.proxyThreadTotals().getOrDefault("forging", 0L) / 1000.0),
                    loops == null ? "not checked" : loops.forgingText(),
                    loops == null ? "not checked" : loops.loopBlockedByForgingTotal() + " / " + loops.loopBlockedTotal()});
            }
            printAligned(out, hs);
        }

        out.println();
        out.println("CPU during the measured windows (clock tick " + (1000 / Math.max(1, clockTicks)) + " ms;"
                + " 'bench JVM' = load generator (+ the Netty origin when nginx is not used), 'origin' = nginx;");
        out.println("'other processes' = CPUs' worth of time used by everything else on the machine, i.e. noise):");
        List<String[]> cpu = new ArrayList<>();
        cpu.add(new String[] {"scenario", "run", "load avg before", "machine busy", "other processes",
            "bench JVM µs/req", "origin µs/req", "proxy µs/req", "machine µs/req"});
        for (ProxyBench.Result s : results) {
            String[] load = s.loadBefore().split("; ");
            cpu.add(cpuRow(s.label(), "direct", load[0], s.directCpu(), -1, s.direct(), clockTicks));
            cpu.add(cpuRow(s.label(), "proxied", load.length > 1 ? load[1] : "", s.proxiedCpu(),
                    s.proxyCpuMicros(), s.proxied(), clockTicks));
        }
        printAligned(out, cpu);

        out.println();
        out.println("Proxy CPU during the measured window by thread kind, µs per request (/proc/PID/task):");
        List<String> kinds = List.of("io event loops", "capture writer", "forging", "JIT", "GC+VM", "other");
        List<String[]> threads = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("scenario"));
        head.addAll(kinds);
        threads.add(head.toArray(String[]::new));
        for (ProxyBench.Result s : results) {
            long n = s.proxied().latencies().count();
            List<String> row = new ArrayList<>(List.of(s.label()));
            for (String k : kinds) {
                Long micros = s.proxyThreads().get(k);
                row.add(micros == null || n == 0 ? "0" : fmt("%.0f", (double) micros / n));
            }
            threads.add(row.toArray(String[]::new));
        }
        printAligned(out, threads);
    }

    /** What went wrong, in words; empty when every check passed. */
    static List<String> failures(List<ProxyBench.Result> results) {
        List<String> f = new ArrayList<>();
        for (ProxyBench.Result s : results) {
            String name = s.label();
            CaptureCheck c = s.capture();
            if (s.direct().errors() > 0) {
                f.add(name + ": " + s.direct().errors() + " errors direct (" + s.direct().firstError() + ")");
            }
            if (s.proxied().errors() > 0) {
                f.add(name + ": " + s.proxied().errors() + " errors proxied (" + s.proxied().firstError() + ")");
            }
            if (s.direct().latencies().count() == 0 || s.proxied().latencies().count() == 0) {
                f.add(name + ": a run measured no request at all");
            }
            if (c.flows() != s.proxied().sent()) {
                f.add(name + ": the capture holds " + c.flows() + " flows for " + s.proxied().sent()
                        + " requests sent through the proxy");
            }
            if (c.flowsIncomplete() > 0) {
                f.add(name + ": " + c.flowsIncomplete() + " recorded flows are not a complete 200 with the whole body");
            }
            if (!c.losses().isEmpty()) {
                f.add(name + ": the recorder reported losses: " + c.lossText());
            }
            if (s.spec().newConnections() && c.connectionsIntercepted() != s.proxied().sent()) {
                f.add(name + ": " + c.connectionsIntercepted() + " intercepted connections recorded for "
                        + s.proxied().sent() + " connections made");
            }
            if (s.loops() != null && s.loops().forgingOnEventLoops() > 0) {
                f.add(name + ": JFR sampled certificate forging on an event loop " + s.loops().forgingOnEventLoops()
                        + " times");
            }
            if (s.loops() != null && s.loops().loopBlockedByForgingTotal() > 0) {
                f.add(name + ": JFR saw event-loop threads wait in forging code " + s.loops().loopBlockedByForging());
            }
            if ((s.proxyExit() != 0 && s.proxyExit() != 143) || !s.proxyClean()) {
                f.add(name + ": the proxy did not stop cleanly on SIGTERM (exit " + s.proxyExit()
                        + (s.proxyClean() ? "" : ", no 'capture closed' line") + ")");
            }
        }
        return f;
    }

    private static String[] cpuRow(String scenario, String run, String loadBefore, CpuSampler.Window w,
                                   long proxyMicros, LoadGenerator.Result r, long clockTicks) {
        long n = r.latencies().count();
        String busy = Double.isNaN(w.machineBusyShare()) ? "n/a" : fmt("%.0f %%", w.machineBusyShare() * 100);
        String other = "n/a";
        if (w.machineBusyTicks() >= 0 && w.benchMicros() >= 0 && r.windowNanos() > 0) {
            double machineMicros = w.machineBusyTicks() * 1e6 / clockTicks;
            double foreign = machineMicros - w.benchMicros() - w.originMicros() - Math.max(0, proxyMicros);
            // machine ticks count every CPU, the window is wall time
            other = fmt("%.2f CPUs", Math.max(0, foreign) / (r.windowNanos() / 1e3));
        }
        String bench = w.benchMicros() < 0 || n == 0 ? "n/a" : fmt("%.0f", (double) w.benchMicros() / n);
        String origin = w.originMicros() < 0 || n == 0 ? "n/a" : fmt("%.0f", (double) w.originMicros() / n);
        String proxy = proxyMicros < 0 || n == 0 ? "-" : fmt("%.0f", (double) proxyMicros / n);
        String machine = w.machineBusyTicks() < 0 || n == 0 ? "n/a"
                : fmt("%.0f", w.machineBusyTicks() * 1e6 / clockTicks / n);
        return new String[] {scenario, run, loadBefore, busy, other, bench, origin, proxy, machine};
    }

    private static void printAligned(PrintStream out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder("| ");
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(i == 0 ? cell + pad : pad + cell).append(" | ");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String us(long nanos) {
        return fmt("%.0f", nanos / 1000.0);
    }

    private static String signedUs(long nanos) {
        return fmt("%+.0f", nanos / 1000.0);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
