package dev.trygr.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.trygr.analyzer.report.Report;
import dev.trygr.analyzer.report.ReportBuilder;
import dev.trygr.analyzer.report.ReportOptions;
import dev.trygr.capture.CaptureReader;
import dev.trygr.cli.Main;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long {@code trygr report} takes on a large capture, and how much heap it needs. Makes the synthetic capture
 * first when it is missing ({@link SyntheticCapture}), then runs {@code trygr report --capture FILE --out FILE} in
 * this JVM and prints wall time, the peak heap (sum of the heap pools' peaks, an upper bound) and the most heap
 * still in use after a garbage collection (the live set). Run it with the heap limit the aim names:
 *
 * <pre>
 * java -Xmx512m -cp cli/target/trygr.jar:cli/target/test-classes dev.trygr.bench.ReportBench \
 *     [--flows 1000000] [--capture FILE] [--format html|json|text] [--stages]
 * </pre>
 *
 * The capture defaults to {@code $TMPDIR/trygr-report-bench/synthetic-<flows>.db} and is kept for the next run
 * (a million flows take a few minutes to write and about 830 MiB).
 *
 * {@code --stages} also times each stage of the report (a second, instrumented build of the model).
 */
public final class ReportBench {
    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("flows", "1000000", "format", "html"));
        boolean stages = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--stages")) {
                stages = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("usage: ReportBench [--flows N] [--capture FILE] [--format html|json|text] [--stages]");
                System.exit(2);
            }
        }
        int flows = Integer.parseInt(o.get("flows"));
        Path capture = o.containsKey("capture") ? Path.of(o.get("capture"))
                : Path.of(System.getProperty("java.io.tmpdir"), "trygr-report-bench", "synthetic-" + flows + ".db");
        if (!Files.exists(capture)) {
            Files.createDirectories(capture.toAbsolutePath().getParent());
            SyntheticCapture.write(capture, flows, 42, System.out);
        }
        Path out = capture.resolveSibling("report-bench." + o.get("format"));
        System.out.printf("capture %s: %.0f MiB on disk; JVM max heap %d MiB, %d processors%n", capture,
                Files.size(capture) / 1048576.0, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        AtomicLong liveAfterGc = watchGc();
        System.gc();
        resetPeaks();
        liveAfterGc.set(0);
        long started = System.nanoTime();
        int code = Main.run(new String[] {"report", "--capture", capture.toString(), "--out", out.toString(),
            "--format", o.get("format")}, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = heapPeak();
        System.out.printf("trygr report --format %s: exit %d, %.1f s, peak heap used %d MiB (sum of pool peaks), "
                        + "max live heap after GC %d MiB, output %.1f MiB%n", o.get("format"), code, seconds,
                peak >> 20, liveAfterGc.get() >> 20, Files.size(out) / 1048576.0);
        if (stages) {
            stages(capture);
        }
    }

    private static void stages(Path capture) {
        Map<String, Long> firstSeen = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            Report r = ReportBuilder.build(reader, ReportOptions.defaults("bench"),
                    (stage, done, total) -> firstSeen.putIfAbsent(stage, System.nanoTime()));
            firstSeen.put("(model done)", System.nanoTime());
            System.out.printf("model: %,d flows, %,d hosts, %d findings%n", r.summary().totals().flows(),
                    r.summary().totals().hosts(), r.findings().size());
        }
        String previous = null;
        long previousAt = start;
        for (Map.Entry<String, Long> e : firstSeen.entrySet()) {
            if (previous != null) {
                System.out.printf("  stage %-12s %6.1f s%n", previous, (e.getValue() - previousAt) / 1e9);
            }
            previous = e.getKey();
            previousAt = e.getValue();
        }
    }

    private static AtomicLong watchGc() {
        AtomicLong max = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += u.getUsed();
                }
                long nonHeap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.NON_HEAP) {
                        MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        nonHeap += u == null ? 0 : u.getUsed();
                    }
                }
                max.accumulateAndGet(used - nonHeap, Math::max);
            }, null, null);
        }
        return max;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
