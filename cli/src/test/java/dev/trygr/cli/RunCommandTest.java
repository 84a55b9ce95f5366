package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.bench.ProxyProcess;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.RecordedRequest;
import dev.trygr.proxy.testing.Response;
import dev.trygr.proxy.testing.TestPki;
import dev.trygr.proxy.testing.WsEchoOrigin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code trygr run} as a user runs it: its own JVM, a real Node process, a real {@code trygr proxy} in another
 * JVM, and origins on 127.0.0.1 reached only by the proxy's {@code --connect-to} rules (so a connection that
 * does not go through the proxy cannot succeed).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunCommandTest {
    private static final Path NODE_FIXTURES = fixtures();
    private static final String SIGNALLING = "api.prod.signalling.ring.devices.a2z.com";

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeIsThere() throws Exception {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0, "node --version: " + out);
        } catch (IOException e) {
            fail("the trygr run tests need Node.js ('node' on the PATH; CI installs the nodejs package): " + e.getMessage());
        }
        assertTrue(Files.isRegularFile(NODE_FIXTURES.resolve("node_modules/undici/package.json"))
                        && Files.isRegularFile(NODE_FIXTURES.resolve("node_modules/ws/package.json")),
                "the Node test packages are missing: run 'npm ci --prefix cli/src/test/node' first");
    }

    @Test
    void fetchWithItsOwnAgentWebSocketsAndPushReceiversRawTlsAllGoThroughTheProxyAndAreRecorded() throws Exception {
        TestPki originPki = TestPki.create("Origin CA");
        Path originCa = originPki.writeCaPem(dir.resolve("origin-ca.pem"));
        Response session = Response.of(200, "OK", List.of(new Header("Content-Type", "application/json")),
                "{\"profile\":{\"id\":42}}".getBytes(StandardCharsets.UTF_8));
        try (RawHttpsOrigin api = RawHttpsOrigin.startTls(originPki.issue("api.ring.com"), request -> session);
             WsEchoOrigin signalling = WsEchoOrigin.start(originPki.issue(SIGNALLING));
             TlsEchoOrigin mtalk = new TlsEchoOrigin(originPki.issue("mtalk.google.com"))) {
            Path caDir = dir.resolve("ca");
            Path capture = dir.resolve("capture.db");
            Path proxyDir = Files.createDirectories(dir.resolve("proxy"));
            ProxyProcess proxy = ProxyProcess.launch(List.of(ProxyProcess.javaBinary(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()),
                    List.of("--mode", "regular@127.0.0.1:0", "--capture", capture.toString(), "--ca-dir",
                            caDir.toString(), "--upstream-trust", originCa.toString(), "--quiet",
                            "--connect-to", "api.ring.com:443:127.0.0.1:" + api.port(),
                            "--connect-to", SIGNALLING + ":443:127.0.0.1:" + signalling.port(),
                            "--connect-to", "mtalk.google.com:5228:127.0.0.1:" + mtalk.port()), proxyDir);
            Finished run;
            try {
                run = trygrRun(Map.of(), "--proxy", "http://127.0.0.1:" + proxy.port(), "--ca-dir", caDir.toString(),
                        "--", "node", NODE_FIXTURES.resolve("ring-like-client.mjs").toString());
            } finally {
                assertTrue(proxy.stop(20_000) >= 0, "the proxy stopped: " + proxy.lines());
            }

            List<String> lines = run.out().lines().toList();
            assertEquals(0, run.exit(), run.toString());
            assertEquals("done", lines.get(lines.size() - 1), run.toString());
            assertTrue(lines.contains("fetch 200 {\"profile\":{\"id\":42}}"), run.toString());
            assertTrue(lines.contains("agent connects 1"), "the caller's own undici Agent carried the request: " + run);
            assertTrue(lines.contains("undici-ws hello from undici"), run.toString());
            assertTrue(lines.contains("ws hello from ws"), run.toString());
            assertTrue(lines.contains("mcs connect"), run.toString());
            String mcs = HexFormat.of().formatHex(TlsEchoOrigin.GREETING) + "07000102ff10";
            assertTrue(lines.contains("mcs " + mcs + " authorized=false"), run.toString());
            assertTrue(lines.contains("https 200 {\"profile\":{\"id\":42}}"), run.toString());
            assertTrue(lines.contains("starttls authorized=true " + HexFormat.of().formatHex(TlsEchoOrigin.GREETING)
                    + HexFormat.of().formatHex("starttls".getBytes(StandardCharsets.US_ASCII))),
                    "TLS verified against the trygr CA (NODE_EXTRA_CA_CERTS): " + run);
            assertTrue(run.err().contains("trygr run: node "), run.err());

            List<RecordedRequest> rest = api.awaitRequests(2, Duration.ofSeconds(5));
            assertEquals(List.of("/clients_api/session?api_version=11", "/clients_api/ring_devices"),
                    rest.stream().map(RecordedRequest::target).toList());
            assertEquals("run-test", rest.get(0).headers().stream().filter(h -> h.name().equals("hardware_id"))
                    .map(Header::value).findFirst().orElse(null), "headers pass through: " + rest.get(0));
            assertEquals(List.of("/ws?api_version=4.0&auth_type=ring_solutions",
                    "/ws?api_version=4.0&auth_type=ring_solutions&client=ws"), signalling.paths());
            assertEquals(List.of("hello from undici", "hello from ws"), signalling.messages());

            try (CaptureReader reader = CaptureReader.open(capture)) {
                List<FlowSummary> flows = reader.flows(FlowQuery.ALL);
                assertTrue(flows.stream().anyMatch(f -> f.host().equals("api.ring.com") && f.method().equals("POST")
                        && f.path().equals("/clients_api/session") && f.status() == 200), "flows: " + flows);
                assertTrue(flows.stream().anyMatch(f -> f.host().equals("api.ring.com") && f.method().equals("GET")
                        && f.path().equals("/clients_api/ring_devices") && f.status() == 200), "flows: " + flows);
                assertEquals(2, flows.stream().filter(f -> f.host().equals(SIGNALLING) && f.path().equals("/ws")
                        && f.status() == 101).count(), "the WebSocket upgrades: " + flows);
                assertTrue(flows.stream().allMatch(f -> "127.0.0.1".equals(f.clientAddress())), flows.toString());
                List<ConnectionRow> mtalkRows = reader.connections().stream()
                        .filter(c -> "mtalk.google.com".equals(c.targetHost())).toList();
                assertEquals(2, mtalkRows.size(), "connections: " + reader.connections());
                assertTrue(mtalkRows.stream().anyMatch(c -> "mtalk.google.com".equals(c.sni())), mtalkRows.toString());
                ConnectionRow mcsRow = mtalkRows.stream().filter(c -> c.sni() == null).findFirst()
                        .orElseThrow(() -> new AssertionError("no connection without SNI: " + mtalkRows));
                assertEquals(5228, mcsRow.targetPort());
                assertEquals(ConnectionOutcome.INTERCEPTED, mcsRow.outcome(), mcsRow.toString());
                // a stream that is not HTTP: "raw", or "mcs" where trygr decodes the push channel by its host
                assertTrue(Set.of("raw", "mcs").contains(mcsRow.protocol()), mcsRow.toString());
                assertTrue(mcsRow.bytesFromClient() > 0 && mcsRow.bytesFromUpstream() > 0, mcsRow.toString());
            }
        }
    }

    @Test
    void theCommandsExitStatusComesBackAndItsNodeOptionsAreKept() throws Exception {
        Path caDir = caIn(dir.resolve("a CA dir with spaces"));
        Path userPreload = Files.writeString(dir.resolve("user preload.cjs"), "globalThis.userPreloadRan = true;\n");
        Path report = dir.resolve("report.json");
        try (ServerSocket listener = loopbackListener()) {
            String existing = "--max-old-space-size=200 --require \"" + userPreload + "\"";
            Finished run = trygrRun(Map.of("NODE_OPTIONS", existing, "NODE_EXTRA_CA_CERTS", ""), "--proxy",
                    "127.0.0.1:" + listener.getLocalPort(), "--ca-dir", caDir.toString(), "--",
                    "node", NODE_FIXTURES.resolve("report-environment.cjs").toString(), report.toString(), "7");
            assertEquals(7, run.exit(), run.toString());
            JsonNode seen = new ObjectMapper().readTree(report.toFile());
            assertTrue(seen.get("preloadInstalled").asBoolean(), seen.toString());
            assertTrue(seen.get("userPreloadRan").asBoolean(), seen.toString());
            String options = seen.get("nodeOptions").asText();
            assertTrue(options.startsWith("--require \"" + caDir.resolve("run").toAbsolutePath() + "/preload-"), options);
            assertTrue(options.endsWith(".cjs\" " + existing), options);
            assertEquals("http://127.0.0.1:" + listener.getLocalPort(), seen.get("trygrProxy").asText());
            assertEquals(caDir.resolve("trygr-ca.pem").toAbsolutePath().toString(), seen.get("extraCaCerts").asText());
        }
    }

    @Test
    void sigtermToTrygrReachesTheCommand() throws Exception {
        Path caDir = caIn(dir.resolve("ca"));
        Path signals = Files.createDirectories(dir.resolve("signals"));
        try (ServerSocket listener = loopbackListener()) {
            Process trygr = trygrProcess(Map.of(), "--proxy", "http://127.0.0.1:" + listener.getLocalPort(),
                    "--ca-dir", caDir.toString(), "--", "node", NODE_FIXTURES.resolve("wait-for-sigterm.cjs").toString(),
                    signals.toString());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(signals.resolve("ready")) && System.nanoTime() < deadline && trygr.isAlive()) {
                    Thread.sleep(50);   // Node starting: nothing to wait on but the file it writes
                }
                assertTrue(Files.exists(signals.resolve("ready")), "node started: " + output());
                long node = Long.parseLong(Files.readString(signals.resolve("ready")));
                trygr.destroy();
                assertTrue(trygr.waitFor(30, TimeUnit.SECONDS), "trygr stopped");
                assertEquals(String.valueOf(node), Files.readString(signals.resolve("sigterm")), "node got SIGTERM");
                assertFalse(ProcessHandle.of(node).map(ProcessHandle::isAlive).orElse(false), "node is gone");
            } finally {
                stopAll(trygr);
            }
        }
    }

    @Test
    void withoutAProxyListeningItSaysToStartOneAndRunsNothing() throws Exception {
        Path caDir = caIn(dir.resolve("ca"));
        Path marker = dir.resolve("ran");
        int closed;
        try (ServerSocket s = loopbackListener()) {
            closed = s.getLocalPort();
        }
        CaCommandTest.Run run = CaCommandTest.trygr("run", "--proxy", "http://127.0.0.1:" + closed, "--ca-dir",
                caDir.toString(), "--", "node", "-e", "require('fs').writeFileSync('" + marker + "', 'x')");
        assertEquals(ExitCode.NO_PROXY.code, run.code(), run.err());
        assertTrue(run.err().contains("no proxy answers at http://127.0.0.1:" + closed), run.err());
        assertTrue(run.err().contains("start 'trygr proxy' first, or pass --proxy"), run.err());
        assertFalse(Files.exists(marker));
    }

    @Test
    void withoutACaItExitsWithNoCaAndSaysHowToMakeOne() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CaCommandTest.Run run = CaCommandTest.trygr("run", "--proxy", "http://127.0.0.1:" + listener.getLocalPort(),
                    "--ca-dir", dir.resolve("empty").toString(), "--", "node", "-e", "0");
            assertEquals(ExitCode.NO_CA.code, run.code(), run.err());
            assertTrue(run.err().contains("trygr ca init") && run.err().contains("trygr proxy"), run.err());
        }
    }

    @Test
    void aCommandThatCannotStartIs127AndOptionsAfterTheCommandAreItsOwn() throws Exception {
        Path caDir = caIn(dir.resolve("ca"));
        try (ServerSocket listener = loopbackListener()) {
            CaCommandTest.Run run = CaCommandTest.trygr("run", "--proxy", "http://127.0.0.1:" + listener.getLocalPort(),
                    "--ca-dir", caDir.toString(), "trygr-no-such-command", "--proxy", "--help");
            assertEquals(RunCommand.CANNOT_START, run.code(), run.err());
            assertTrue(run.err().contains("cannot start 'trygr-no-such-command'"), run.err());
        }
        CaCommandTest.Run usage = CaCommandTest.trygr("run", "--proxy", "http://127.0.0.1:1");
        assertEquals(ExitCode.USAGE.code, usage.code());
        assertTrue(usage.err().contains("CMD"), usage.err());
    }

    @Test
    void proxyUrlsAndNodeOptions() {
        assertEquals(new ProxyUrl("127.0.0.1", 8080), ProxyUrl.parse(ProxyUrl.DEFAULT));
        assertEquals(new ProxyUrl("127.0.0.1", 8081), ProxyUrl.parse("127.0.0.1:8081"));
        assertEquals(new ProxyUrl("::1", 8080), ProxyUrl.parse("http://[::1]:8080/"));
        assertEquals("http://[::1]:8080", ProxyUrl.parse("http://[::1]:8080").url());
        assertEquals(new ProxyUrl("proxy.lan", 80), ProxyUrl.parse("HTTP://proxy.lan"));
        for (String bad : List.of("https://127.0.0.1:8080", "socks5://127.0.0.1:1080", "http://127.0.0.1:8080/path",
                "http://user@127.0.0.1:8080", "http://127.0.0.1:99999", "http://:8080", "http://a b")) {
            assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse(bad), bad);
        }

        Path preload = Path.of("/opt/my \"trygr\"/preload.cjs");
        String require = "--require \"/opt/my \\\"trygr\\\"/preload.cjs\"";
        assertEquals(require, NodePreload.nodeOptions(null, preload));
        assertEquals(require, NodePreload.nodeOptions(" ", preload));
        assertEquals(require + " --inspect", NodePreload.nodeOptions("--inspect", preload));
        assertEquals(require + " --inspect", NodePreload.nodeOptions(require + " --inspect", preload));
    }

    @Test
    void thePreloadIsWrittenOnceUnderItsContentHashAndShipsUnfiltered() throws Exception {
        byte[] source = Files.readAllBytes(Path.of("src/main/resources/dev/trygr/cli/run/preload.cjs"));
        assertArrayEquals(source, NodePreload.bytes(), "Maven resource filtering changed the preload");
        Path first = NodePreload.install(dir.resolve("run"));
        assertArrayEquals(source, Files.readAllBytes(first));
        assertTrue(first.getFileName().toString().matches("preload-[0-9a-f]{16}\\.cjs"), first.toString());
        long modified = Files.getLastModifiedTime(first).toMillis();
        assertEquals(first, NodePreload.install(dir.resolve("run")));
        assertEquals(modified, Files.getLastModifiedTime(first).toMillis());
        try (var files = Files.list(dir.resolve("run"))) {
            assertEquals(List.of(first), files.toList(), "no temporary file left behind");
        }
    }

    // ---- running trygr in its own JVM, as a user does

    record Finished(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Finished trygrRun(Map<String, String> env, String... args) throws Exception {
        Process trygr = trygrProcess(env, args);
        try {
            assertTrue(trygr.waitFor(90, TimeUnit.SECONDS), "trygr run finished in time: " + output());
            return new Finished(trygr.exitValue(), Files.readString(dir.resolve("run.out")),
                    Files.readString(dir.resolve("run.err")));
        } finally {
            stopAll(trygr);
        }
    }

    private Process trygrProcess(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProxyProcess.javaBinary(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(dir.resolve("run.err").toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Files.writeString(dir.resolve("run.in"), "").toFile()));
        builder.environment().remove("NODE_OPTIONS");
        builder.environment().remove("TRYGR_RUN_DEBUG");
        builder.environment().putAll(env);
        return builder.start();
    }

    private String output() throws IOException {
        Path out = dir.resolve("run.out");
        Path err = dir.resolve("run.err");
        return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
    }

    /** Whatever happened, no JVM or Node process of this test outlives it. */
    private static void stopAll(Process trygr) throws InterruptedException {
        List<ProcessHandle> descendants = trygr.descendants().toList();
        trygr.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static Path caIn(Path caDir) {
        CaCommandTest.Run init = CaCommandTest.trygr("ca", "init", "--ca-dir", caDir.toString());
        assertEquals(0, init.code(), init.err());
        return caDir;
    }

    /** Listens on loopback and never accepts: enough for the reachability check, nothing more. */
    private static ServerSocket loopbackListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static Path fixtures() {
        Path module = Path.of("src/test/node");
        return (Files.isDirectory(module) ? module : Path.of("cli/src/test/node")).toAbsolutePath();
    }
}
