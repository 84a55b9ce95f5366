package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.proxy.testing.CurlRunner;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.Response;
import dev.trygr.proxy.testing.TestPki;
import dev.trygr.capture.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trygr proxy} as a user runs it: its own JVM (heap capped at 128 MiB), curl through it, SIGTERM to
 * stop it, then {@code trygr flows} on the capture it left.
 */
class ProxyProcessTest {
    private static final long DOWNLOAD = 200L * 1024 * 1024;
    private static final Pattern LISTENING = Pattern.compile("listening\\s+regular proxy on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void recordsThroughASeparateProcessStreamsA200MiBDownloadUnder128MiBHeapAndStopsCleanly() throws Exception {
        CurlRunner.assumeAvailable();
        TestPki originPki = TestPki.create("Origin CA");
        Path originCa = originPki.writeCaPem(dir.resolve("origin-ca.pem"));
        Responder responder = request -> request.target().startsWith("/big")
                ? Responder.streaming(DOWNLOAD, 42).respond(request)
                : Response.of(200, "OK", List.of(new Header("Content-Type", "application/json")),
                        "{\"profile\":{\"email\":\"someone@example.com\",\"id\":1}}".getBytes(StandardCharsets.UTF_8));
        try (RawHttpsOrigin origin = RawHttpsOrigin.startTls(originPki.issue("api.ring.test"), responder)) {
            Path capture = dir.resolve("capture.db");
            Path caDir = dir.resolve("ca");
            Process proxy = new ProcessBuilder(javaBinary(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "proxy", "--mode", "regular@127.0.0.1:0", "--capture", capture.toString(),
                    "--ca-dir", caDir.toString(), "--upstream-trust", originCa.toString(),
                    "--connect-to", "api.ring.test:443:127.0.0.1:" + origin.port())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("proxy.out").toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> follow(dir.resolve("proxy.out"), proxy, lines));
            reader.setDaemon(true);
            reader.start();
            try {
                int port = awaitPort(lines, proxy);
                Path caPem = caDir.resolve("trygr-ca.pem");
                CurlRunner curl = CurlRunner.viaProxy(port, caPem).maxTime(Duration.ofSeconds(60));

                CurlRunner.Result small = curl.run("https://api.ring.test/clients_api/profile",
                        "-H", "hardware_id: 0f0e0d0c", "-H", "2fa-code;");
                assertEquals(0, small.exitCode(), small.toString());
                assertTrue(small.stdoutText().contains("someone@example.com"));

                long[] peakKb = {0};
                Thread sampler = new Thread(() -> sampleRss(proxy.pid(), peakKb));
                sampler.setDaemon(true);
                sampler.start();
                CurlRunner.Result big = curl.run("https://api.ring.test/big.bin");
                sampler.interrupt();
                assertEquals(0, big.exitCode(), big.stderr());
                assertEquals(RawHttpsOrigin.sha256OfStream(DOWNLOAD, 42), big.stdoutSha256());
                long hwmKb = Math.max(peakKb[0], vmHwmKb(proxy.pid()));
                System.out.printf("proxy peak RSS during the 200 MiB download: %.1f MiB (VmHWM)%n", hwmKb / 1024.0);
                assertTrue(hwmKb > 0);

                assertTrue(awaitLine(lines, "#2  GET https://api.ring.test/big.bin  200  200.0 MiB") != null,
                        "console line for the download");
            } finally {
                proxy.destroy();   // SIGTERM: the shutdown hook drains and closes the capture
                assertTrue(proxy.waitFor(20, TimeUnit.SECONDS), "proxy stopped");
            }
            assertNotNull(awaitLine(lines, "capture closed: "), "clean shutdown message, after: " + lines);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(capture));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(caDir.resolve("trygr-ca-key.pem")));

            String json = run("flows", "list", "--json", "--capture", capture.toString());
            List<JsonNode> rows = new ArrayList<>();
            for (String line : json.split("\n")) {
                rows.add(new ObjectMapper().readTree(line));
            }
            assertEquals(2, rows.size(), json);
            JsonNode first = rows.get(0);
            for (String field : List.of("id", "session", "started", "client", "method", "scheme", "host", "port",
                    "path", "status", "request_bytes", "response_bytes", "duration_ms", "error")) {
                assertTrue(first.has(field), "missing " + field + " in " + first);
            }
            assertEquals("api.ring.test", first.get("host").asText());
            assertEquals("127.0.0.1", first.get("client").asText());
            assertTrue(first.get("started").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), first.toString());
            assertEquals(DOWNLOAD, rows.get(1).get("response_bytes").asLong());

            String table = run("flows", "list", "--host", "*.ring.test", "--capture", capture.toString());
            assertTrue(table.contains("/clients_api/profile") && table.contains("/big.bin"), table);
            assertTrue(run("flows", "list", "--host", "*.google.com", "--capture", capture.toString())
                    .startsWith("no flows"));

            String shown = run("flows", "show", first.get("id").asText(), "--capture", capture.toString());
            int hw = shown.indexOf("hardware_id: 0f0e0d0c");
            int tfa = shown.indexOf("2fa-code: \n");
            assertTrue(hw > 0 && tfa > hw, shown);
            assertTrue(shown.contains("    \"email\": \"someone@example.com\",\n"), "pretty JSON: " + shown);
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Follows the process's output file line by line (like tail -f) until the process has exited. */
    private static void follow(Path file, Process process, BlockingQueue<String> lines) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean exited = !process.isAlive();
                int c;
                while ((c = r.read()) != -1) {
                    if (c == '\n') {
                        lines.add(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
                if (exited) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            lines.add("<output unreadable: " + e + ">");
        }
    }

    private static int awaitPort(BlockingQueue<String> lines, Process proxy) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            } else if (!proxy.isAlive()) {
                break;
            }
        }
        throw new AssertionError("the proxy did not print its listener:\n" + seen);
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    private static void sampleRss(long pid, long[] peakKb) {
        while (!Thread.currentThread().isInterrupted()) {
            peakKb[0] = Math.max(peakKb[0], vmHwmKb(pid));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The process's peak resident set size from /proc (Linux), 0 when unavailable. */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
