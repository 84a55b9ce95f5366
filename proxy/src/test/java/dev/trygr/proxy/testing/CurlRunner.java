package dev.trygr.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code curl} binary, optionally through an explicit proxy on 127.0.0.1, and captures its
 * exit code, stdout bytes and stderr. Every run is bounded: curl gets {@code --max-time} and the process is
 * destroyed if it outlives that by five seconds. Each run starts with {@code -q} (no {@code .curlrc}) and
 * {@code -sS}, and without any {@code *_proxy} environment variables.
 *
 * <h2>What curl (7.88) sends — verified by {@code ProxiedClientsTest}</h2>
 * <ul>
 *   <li>{@code -H 'hardware_id: x'} is sent as given.</li>
 *   <li>{@code -H '2fa-code;'} sends the header with an empty value, on the wire exactly {@code 2fa-code:}
 *       (no space); {@code -H 'Name:'} instead <em>removes</em> a header curl would add itself.</li>
 *   <li>curl's own {@code Host}, {@code User-Agent}, {@code Accept} come first; custom headers follow in the
 *       order given, with their case. A custom {@code Host} takes the place of curl's (first line); a custom
 *       {@code User-Agent}/{@code Accept} suppresses curl's and is sent at its own position.</li>
 *   <li>{@code -H 'Transfer-Encoding: chunked' --data-binary @file} uploads a chunked body.</li>
 * </ul>
 * Tests call {@link #assumeAvailable()} first, so a machine without curl skips them (CI installs curl).
 */
public final class CurlRunner {

    /** What one curl run produced. */
    public record Result(int exitCode, byte[] stdout, String stderr, boolean timedOut, List<String> command) {
        /** Copies the output. */
        public Result {
            stdout = stdout.clone();
            command = List.copyOf(command);
        }

        /** A copy of stdout. */
        @Override
        public byte[] stdout() {
            return stdout.clone();
        }

        /** stdout as UTF-8 text. */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Hex SHA-256 of stdout. */
        public String stdoutSha256() {
            return PseudoRandomStream.sha256(stdout);
        }

        @Override
        public String toString() {
            return "curl exit " + exitCode + (timedOut ? " (timed out)" : "") + ", " + stdout.length
                    + " bytes out, stderr: " + stderr.strip() + ", command: " + command;
        }
    }

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static volatile Boolean available;

    private final List<String> base;
    private final Duration maxTime;

    private CurlRunner(List<String> base, Duration maxTime) {
        this.base = List.copyOf(base);
        this.maxTime = maxTime;
    }

    /** curl through the proxy at 127.0.0.1:{@code proxyPort}, trusting only {@code caPem}. */
    public static CurlRunner viaProxy(int proxyPort, Path caPem) {
        return new CurlRunner(List.of("--proxy", "http://127.0.0.1:" + proxyPort,
                "--cacert", caPem.toString()), Duration.ofSeconds(20));
    }

    /** curl without any proxy, trusting only {@code caPem}. */
    public static CurlRunner direct(Path caPem) {
        return new CurlRunner(List.of("--noproxy", "*", "--cacert", caPem.toString()), Duration.ofSeconds(20));
    }

    /** Whether a {@code curl} binary runs on this machine. */
    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    /** Skips the calling test (JUnit assumption) when curl is not installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(isAvailable(), "curl is not installed");
    }

    /** The same runner with another {@code --max-time} (default 20 s). */
    public CurlRunner maxTime(Duration time) {
        return new CurlRunner(base, Objects.requireNonNull(time));
    }

    /** The same runner with more arguments added to every run. */
    public CurlRunner withArgs(String... args) {
        List<String> more = new ArrayList<>(base);
        more.addAll(Arrays.asList(args));
        return new CurlRunner(more, maxTime);
    }

    /** The full command line a run would execute. */
    public List<String> command(String url, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-q", "-sS",
                "--max-time", Long.toString(Math.max(1, maxTime.toSeconds()))));
        cmd.addAll(base);
        cmd.addAll(Arrays.asList(extraArgs));
        cmd.add(url);
        return cmd;
    }

    /** Runs curl on {@code url} with {@code extraArgs} (before the url) and waits, bounded, for it. */
    public Result run(String url, String... extraArgs) throws IOException, InterruptedException {
        List<String> cmd = command(url, extraArgs);
        Path out = Files.createTempFile("trygr-curl-", ".out");
        Path err = Files.createTempFile("trygr-curl-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.equalsIgnoreCase("http_proxy") || k.equalsIgnoreCase("https_proxy")
                    || k.equalsIgnoreCase("all_proxy") || k.equalsIgnoreCase("no_proxy")
                    || k.equals("CURL_HOME") || k.equals("CURL_CA_BUNDLE"));
            Process process = pb.start();
            boolean finished = process.waitFor(maxTime.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            return new Result(finished ? process.exitValue() : -1, Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8), !finished, cmd);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("curl", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
