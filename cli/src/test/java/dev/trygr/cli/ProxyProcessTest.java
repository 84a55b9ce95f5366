package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.proxy.testing.CurlRunner;
import dev.trygr.proxy.testing.RawHttpsOrigin;
import dev.trygr.proxy.testing.Responder;
import dev.trygr.proxy.testing.Response;
import dev.trygr.proxy.testing.TestPki;
import dev.trygr.bench.ProxyProcess;
import dev.trygr.capture.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trygr proxy} as a user runs it: its own JVM (heap capped at 128 MiB), curl through it, SIGTERM to
 * stop it, then {@code trygr flows} on the capture it left.
 */
class ProxyProcessTest {
    private static final long DOWNLOAD = 200L * 1024 * 1024;

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
            ProxyProcess proxy = ProxyProcess.launch(List.of(ProxyProcess.javaBinary(), "-Xmx128m", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()),
                    List.of("--mode", "regular@127.0.0.1:0", "--capture", capture.toString(),
                            "--ca-dir", caDir.toString(), "--upstream-trust", originCa.toString(),
                            "--connect-to", "api.ring.test:443:127.0.0.1:" + origin.port()), dir);
            int exit;
            try {
                CurlRunner curl = CurlRunner.viaProxy(proxy.port(), caDir.resolve("trygr-ca.pem"))
                        .maxTime(Duration.ofSeconds(60));
                CurlRunner.Result small = curl.run("https://api.ring.test/clients_api/profile",
                        "-H", "hardware_id: 0f0e0d0c", "-H", "2fa-code;");
                assertEquals(0, small.exitCode(), small.toString());
                assertTrue(small.stdoutText().contains("someone@example.com"));

                CurlRunner.Result big = curl.run("https://api.ring.test/big.bin");
                assertEquals(0, big.exitCode(), big.stderr());
                assertEquals(RawHttpsOrigin.sha256OfStream(DOWNLOAD, 42), big.stdoutSha256());
                long hwmKib = proxy.peakRssKib();
                System.out.printf("proxy peak RSS during the 200 MiB download: %.1f MiB (VmHWM)%n", hwmKib / 1024.0);
                assertTrue(hwmKib > 0);
                assertNotNull(proxy.awaitLine("#2  GET https://api.ring.test/big.bin  200  200.0 MiB", 20_000),
                        "console line for the download: " + proxy.lines());
            } finally {
                exit = proxy.stop(20_000);   // SIGTERM: the shutdown hook drains and closes the capture
            }
            assertTrue(exit == 143 || exit == 0, "stopped by SIGTERM, exit " + exit);
            assertTrue(proxy.closedCleanly(), "clean shutdown message: " + proxy.lines());
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
            assertTrue(table.contains("/clients_api/profile") && table.contains("/big.bin") && table.endsWith("\n"), table);
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

}
