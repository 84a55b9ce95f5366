package dev.trygr.bench;

import dev.trygr.proxy.testing.TestPki;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as the origin: a private prefix in the work dir (config, throw-away certificate and key, the
 * body files, logs), {@code daemon off} so this JVM owns the master process, access log off, keep-alive
 * without a request limit, files served from an open-file cache. Stopped with SIGTERM (nginx's fast shutdown).
 */
final class NginxOrigin implements Origin {
    private final TestPki pki;
    private final Process process;
    private final int port;
    private final String description;

    private NginxOrigin(TestPki pki, Process process, int port, String description) {
        this.pki = pki;
        this.process = process;
        this.port = port;
        this.description = description;
    }

    /** The nginx binary on this machine, if any (PATH, then /usr/sbin). */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/sbin:/usr/local/sbin").split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "nginx");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts nginx from {@code binary} under {@code prefix} with {@code workers} worker processes, serving
     * {@link Origin#path} for each of {@code bodySizes}.
     */
    static NginxOrigin start(Path binary, Path prefix, int workers, TestPki pki, TestPki.Leaf leaf,
                             int... bodySizes) throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        Path root = Files.createDirectories(prefix.resolve("root"));
        Files.createDirectories(root.resolve("b"));
        for (int size : bodySizes) {
            Files.write(root.resolve(Origin.path(size).substring(1)), Origin.body(size));
        }
        Origin.writePem(prefix.resolve("origin.pem"), (Object[]) leaf.chain());
        Origin.writePem(prefix.resolve("origin.key"), leaf.privateKey());
        int port = freePort();
        boolean root0 = "root".equals(System.getProperty("user.name"));
        String conf = String.join("\n", List.of(
                "# written by the trygr benchmark (cli/src/test/java/dev/trygr/bench/NginxOrigin.java)",
                "daemon off;",
                "master_process on;",
                root0 ? "user root;" : "",   // the prefix lives in a private temp dir that 'nobody' cannot read
                "worker_processes " + workers + ";",
                "pid logs/nginx.pid;",
                "error_log logs/error.log warn;",
                "events { worker_connections 4096; }",
                "http {",
                "  access_log off;",
                "  server_tokens off;",
                "  types { }",
                "  default_type application/json;",
                "  keepalive_requests 2000000000;",
                "  keepalive_timeout 300s;",
                "  open_file_cache max=64 inactive=1h;",
                "  client_body_temp_path tmp/body;",
                "  proxy_temp_path tmp/proxy;",
                "  fastcgi_temp_path tmp/fastcgi;",
                "  uwsgi_temp_path tmp/uwsgi;",
                "  scgi_temp_path tmp/scgi;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl backlog=1024;",
                "    server_name " + HOST + " *." + HOST + ";",
                "    ssl_certificate origin.pem;",
                "    ssl_certificate_key origin.key;",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    root root;",
                "    location / { }",
                "  }",
                "}", ""));
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(binary.toString(), "-p", prefix + "/", "-c", confFile.toString(),
                "-e", prefix.resolve("logs/error.log").toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("nginx exited with " + p.exitValue() + ": "
                        + Files.readString(prefix.resolve("logs/error.log")).strip());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new NginxOrigin(pki, p, port, version(binary) + ", " + workers + " worker"
                        + (workers == 1 ? "" : "s") + ", OpenSSL TLS");
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 15 s");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public TestPki pki() {
        return pki;
    }

    /** The master's and its workers' CPU time, in microseconds, or -1. */
    @Override
    public long externalCpuMicros() {
        long total = ProcStats.cpuMicros(process.pid());
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : process.toHandle().children().toList()) {
            long c = ProcStats.cpuMicros(child.pid());
            total += Math.max(0, c);
        }
        return total;
    }

    @Override
    public void close() {
        process.destroy();   // SIGTERM: fast shutdown
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String version(Path binary) {
        try {
            Process v = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
            String out;
            try (InputStream in = v.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
            v.waitFor(5, TimeUnit.SECONDS);
            int slash = out.indexOf("nginx/");
            return slash >= 0 ? out.substring(slash).toLowerCase(Locale.ROOT) : "nginx";
        } catch (IOException e) {
            return "nginx";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nginx";
        }
    }
}
