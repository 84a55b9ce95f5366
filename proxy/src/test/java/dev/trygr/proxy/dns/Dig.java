package dev.trygr.proxy.dns;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real {@code dig} against a server on loopback. Each run is bounded by dig's own {@code +time=2
 * +tries=1} and, should it hang anyway, destroyed after 20 s. {@code -r} skips any {@code ~/.digrc}. A machine
 * without dig fails the test with a message saying so (CI installs dnsutils).
 */
final class Dig {
    private static final Pattern STATUS = Pattern.compile("status: (\\w+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags:([^;]*);");

    /** What one run printed. */
    record Result(int exitCode, String stdout, String stderr, List<String> command) {
        /** The response code from the header line, e.g. NOERROR. */
        String status() {
            Matcher m = STATUS.matcher(stdout);
            return m.find() ? m.group(1) : "(no status in: " + stdout + ")";
        }

        /** The header flags, e.g. {@code [qr, rd, ra]}. */
        List<String> flags() {
            Matcher m = FLAGS.matcher(stdout);
            return m.find() ? List.of(m.group(1).trim().split("\\s+")) : List.of();
        }

        /** The lines of {@code +short} output. */
        List<String> lines() {
            return stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    private Dig() {
    }

    static Result run(InetSocketAddress server, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "-r",
                "@" + server.getAddress().getHostAddress(), "-p", Integer.toString(server.getPort()),
                "+time=2", "+tries=1"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dig", ".out");
        Path err = Files.createTempFile("dig", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("dig did not finish within 20 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), command);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "dig");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("dig was not found on PATH; install it (Debian/Ubuntu: apt-get install dnsutils), as CI does");
    }
}
