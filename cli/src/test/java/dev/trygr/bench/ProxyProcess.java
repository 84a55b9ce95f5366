package dev.trygr.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code trygr proxy} run exactly as a user runs it: {@code java HEAP-OPTIONS -jar trygr.jar proxy ...} (the heap options are the
 * benchmark's {@code --heap}, default {@link ProxyBench#DEFAULT_HEAP}) in its
 * own process, stdout and stderr going to a FILE (not a pipe, so a slow reader can never stall the proxy),
 * which a daemon thread follows like {@code tail -f}. Linux-only process accounting from {@code /proc}.
 */
public final class ProxyProcess {
    private static final Pattern LISTENING = Pattern.compile(
            "listening\\s+(?:regular proxy on http://|transparent on )127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path output;
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final List<String> allLines = new CopyOnWriteArrayList<>();
    private final int port;
    private final Thread follower;

    private ProxyProcess(Process process, Path output, long startTimeoutMillis) throws IOException,
            InterruptedException {
        this.process = process;
        this.output = output;
        this.follower = new Thread(this::follow, "bench-proxy-output");
        follower.setDaemon(true);
        follower.start();
        this.port = awaitPort(startTimeoutMillis);
    }

    /**
     * Launches the proxy for the benchmark ({@code java JVM-OPTIONS -jar trygr.jar proxy ... --quiet}), recording
     * into {@code dir/capture.db} with the CA in {@code caDir}, and waits (bounded) for its listener line. Every
     * upstream connection goes to the origin. Regular mode takes CONNECT; transparent mode takes TLS and routes
     * it by SNI.
     *
     * @param jvmOptions the proxy's JVM options (heap, GC, a JFR recording...)
     */
    static ProxyProcess start(Path trygrJar, List<String> jvmOptions, Path dir, Path caDir, Path originCaPem,
                              int originPort, boolean transparent) throws IOException, InterruptedException {
        List<String> launcher = new ArrayList<>();
        launcher.add(javaBinary());
        launcher.addAll(jvmOptions);
        launcher.addAll(List.of("-jar", trygrJar.toString()));
        return launch(launcher, List.of(
                "--mode", (transparent ? "transparent" : "regular") + "@127.0.0.1:0",
                "--capture", dir.resolve("capture.db").toString(),
                "--ca-dir", caDir.toString(),
                "--upstream-trust", originCaPem.toString(),
                // curl's meaning: empty host and port match any (bench.test, h0042.bench.test; a transparent
                // listener's targets carry its own port); SNI and certificate checks keep the name
                "--connect-to", "::127.0.0.1:" + originPort,
                "--quiet"), dir);
    }

    /**
     * Runs {@code LAUNCHER proxy ARGS} (the launcher is everything up to the trygr command, e.g. {@code java
     * -Xmx128m -cp CP dev.trygr.cli.Main}), output to {@code dir/proxy.out}, and waits (bounded) for the listener.
     */
    public static ProxyProcess launch(List<String> launcher, List<String> proxyArgs, Path dir)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add("proxy");
        cmd.addAll(proxyArgs);
        Path out = dir.resolve("proxy.out");
        Files.writeString(dir.resolve("proxy.cmd"), String.join(" ", cmd) + "\n");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            return new ProxyProcess(p, out, 60_000);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The first line printed so far or within {@code timeoutMillis} that starts with {@code prefix}, or null. */
    public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        do {
            for (String line : allLines) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return null;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU time of the whole process so far, in microseconds ({@code /proc/PID/stat}). */
    long cpuMicros() {
        return ProcStats.cpuMicros(process.pid());
    }

    /** Peak resident set size so far in KiB ({@code VmHWM}), 0 when unavailable. */
    public long peakRssKib() {
        return ProcStats.statusKib(process.pid(), "VmHWM:");
    }

    /** Every line the proxy printed so far. */
    public List<String> lines() {
        return List.copyOf(allLines);
    }

    /**
     * SIGTERM (what Ctrl-C does), then waits (bounded) for the shutdown hook to drain the recorder and close the
     * capture. Returns the exit code, or -1 when it had to be killed.
     */
    public int stop(long timeoutMillis) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            follower.join(5_000);   // it reads to the end of the output, then ends
            return process.exitValue();
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    /** Whether the proxy printed its "capture closed:" line (its clean-shutdown message). */
    public boolean closedCleanly() {
        return allLines.stream().anyMatch(l -> l.startsWith("capture closed: "));
    }

    private int awaitPort(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            String line = fresh.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            } else if (!process.isAlive()) {
                follower.join(5_000);
                throw new IOException("trygr exited with " + process.exitValue() + " before listening; output:\n"
                        + String.join("\n", allLines));
            }
        }
        throw new IOException("trygr did not print its listener within " + timeoutMillis + " ms; output:\n"
                + String.join("\n", allLines));
    }

    private void follow() {
        try (BufferedReader r = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean exited = !process.isAlive();
                int c;
                while ((c = r.read()) != -1) {
                    if (c == '\n') {
                        String line = partial.toString();
                        allLines.add(line);
                        fresh.add(line);
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
                if (exited) {
                    if (partial.length() > 0) {
                        allLines.add(partial.toString());
                    }
                    return;
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            allLines.add("<proxy output unreadable: " + e + ">");
        }
    }
}
