package dev.trygr.proxy.tls;

import io.netty.handler.ssl.SslContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Forges N distinct hosts through {@link ForgedContexts} and prints hosts per second, mean microseconds
 * per forge and heap. Not a unit test; run it by hand (see the tls package report for the command):
 *
 * <pre>java -cp &lt;test classpath&gt; dev.trygr.proxy.tls.ForgeBenchmark [hosts=1000] [threads=cores]</pre>
 */
public final class ForgeBenchmark {

    private static final int ROUNDS = 3;

    private ForgeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "java %s, %d cores, %d forging threads, %d hosts, max heap %d MiB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), threads, hosts,
                Runtime.getRuntime().maxMemory() >> 20);

        long start = System.nanoTime();
        CertificateAuthority ca = CertificateAuthority.generate("trygr CA benchmark");
        LeafForge forge = new LeafForge(ca);
        System.out.printf(Locale.ROOT, "CA + leaf key generation: %.1f ms%n", (System.nanoTime() - start) / 1e6);

        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "forge");
            t.setDaemon(true);
            return t;
        });
        try {
            // warm-up: JIT (the JDK's EC arithmetic needs thousands of signatures), provider lookups
            runParallel(new ForgedContexts(forge, pool, hosts), "warmup", Math.max(hosts, 2000));
            for (int round = 1; round <= ROUNDS; round++) {
                measure(round, forge, pool, hosts, threads, memory);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void measure(int round, LeafForge forge, ExecutorService pool, int hosts, int threads,
            MemoryMXBean memory) throws InterruptedException {
        String tag = "r" + round + "-";
        // certificate only (no SslContext), single thread
        long start = System.nanoTime();
        for (int i = 0; i < hosts; i++) {
            forge.forge(tag + "leaf" + i + ".bench.example");
        }
        double leafMicros = (System.nanoTime() - start) / 1e3 / hosts;

        // latency: one host at a time through the cache and the executor hop
        ForgedContexts sequential = new ForgedContexts(forge, pool, hosts);
        start = System.nanoTime();
        for (int i = 0; i < hosts; i++) {
            sequential.contextFor(tag + "seq" + i + ".bench.example").join();
        }
        double contextMicros = (System.nanoTime() - start) / 1e3 / hosts;

        // throughput: every host requested at once, as a burst of new connections would
        gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        ForgedContexts burst = new ForgedContexts(forge, pool, hosts);
        start = System.nanoTime();
        runParallel(burst, tag + "burst", hosts);
        double seconds = (System.nanoTime() - start) / 1e9;
        gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();

        System.out.printf(Locale.ROOT, "round %d: leaf only %.0f us/forge (1 thread);"
                + " contextFor one at a time %.0f us/forge; burst %.0f hosts/s on %d threads;"
                + " heap %d -> %d MiB, %.1f KiB per cached context%n",
                round, leafMicros, contextMicros, hosts / seconds, threads, heapBefore >> 20, heapAfter >> 20,
                (heapAfter - heapBefore) / 1024.0 / hosts);
        if (burst.forgedCount() != hosts || burst.estimatedSize() != hosts) {
            throw new IllegalStateException("expected " + hosts + " forged and cached, got "
                    + burst.forgedCount() + " forged, " + burst.estimatedSize() + " cached");
        }
    }
    private static void runParallel(ForgedContexts contexts, String prefix, int hosts) {
        List<CompletableFuture<SslContext>> futures = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            futures.add(contexts.contextFor(prefix + i + ".bench.example"));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
