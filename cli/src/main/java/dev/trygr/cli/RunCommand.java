package dev.trygr.cli;

import dev.trygr.proxy.tls.CertificateAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        customSynopsis = "trygr run [--proxy URL] [--ca-dir DIR] -- CMD [ARGS...]",
        description = {"Run a Node program (homebridge, a ring-client-api script) with every TCP",
            "connection it opens going through a running 'trygr proxy': fetch and undici",
            "(even with an Agent of their own), http/https, WebSockets, and raw TLS such as",
            "the FCM push channel to mtalk.google.com:5228.",
            "Sets NODE_EXTRA_CA_CERTS (the trygr CA), TRYGR_PROXY (the proxy URL) and adds a",
            "--require preload to NODE_OPTIONS; child Node processes inherit all three.",
            "TRYGR_RUN_DEBUG=1 logs each tunnel to standard error."},
        footer = {"", "Example: trygr run -- homebridge -I",
            "Exit status: the command's own once it started, 127 when it cannot be started,",
            "else the codes above."})
final class RunCommand implements Callable<Integer> {
    /** What a shell answers when a command cannot be run. */
    static final int CANNOT_START = 127;
    private static final int PROXY_CHECK_MILLIS = 2_000;
    private static final long STOP_GRACE_SECONDS = 10;

    @Option(names = "--proxy", paramLabel = "URL", defaultValue = ProxyUrl.DEFAULT,
            description = "trygr's regular-mode listener. Default: " + ProxyUrl.DEFAULT + ".")
    String proxy;

    @Option(names = "--ca-dir", paramLabel = "DIR", description = "Where the CA lives (default: ~/.trygr).")
    Path caDir;

    @Parameters(arity = "1..*", paramLabel = "CMD", preprocessor = RestOfLine.class,
            description = "The command to run and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ProxyUrl target = ProxyUrl.parse(proxy);
        Path dir = caDir != null ? caDir : CertificateAuthority.defaultDir();
        Path caPem = caCertificate(dir);
        requireReachable(target);
        Path preload = preload(dir, err);

        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        String previousCa = env.get("NODE_EXTRA_CA_CERTS");
        if (previousCa != null && !previousCa.isBlank() && !Path.of(previousCa).toAbsolutePath().normalize()
                .equals(caPem.toAbsolutePath().normalize())) {
            err.println("trygr run: NODE_EXTRA_CA_CERTS was " + previousCa + "; it is now the trygr CA (trygr checks"
                    + " upstream certificates: give it that file with 'trygr proxy --upstream-trust' if needed)");
        }
        env.put("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
        env.put("NODE_OPTIONS", NodePreload.nodeOptions(env.get("NODE_OPTIONS"), preload));
        env.put("TRYGR_PROXY", target.url());
        err.println("trygr run: " + String.join(" ", command) + "  (every connection through " + target.url() + ")");
        err.flush();

        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            err.println("trygr: cannot start '" + command.get(0) + "': " + e.getMessage());
            err.flush();
            return CANNOT_START;
        }
        Thread stop = new Thread(() -> stop(child), "trygr-run-stop");
        Runtime.getRuntime().addShutdownHook(stop);   // SIGTERM or Ctrl-C to trygr: the command stops too
        int exit = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: the JVM exits with the signal's status
        }
        return exit;
    }

    /** The CA certificate Node is to trust; the proxy must be using the same CA directory. */
    private static Path caCertificate(Path dir) {
        Path pem = dir.resolve(CertificateAuthority.CERT_PEM_FILE);
        if (!Files.isRegularFile(pem)) {
            throw new UserError(ExitCode.NO_CA, "no trygr CA in " + dir + ": run 'trygr ca init', or start 'trygr proxy'"
                    + " once (it creates one); or pass the proxy's --ca-dir");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new UserError(ExitCode.NO_CA, "cannot read the trygr CA certificate " + pem + ": " + e.getMessage());
        }
        return pem;
    }

    /** The preload in {@code CA-DIR/run}, or, when that cannot be written, in a private temporary folder. */
    private static Path preload(Path caDir, PrintWriter err) throws IOException {
        try {
            return NodePreload.install(caDir.resolve("run"));
        } catch (IOException e) {
            Path temporary = Files.createTempDirectory("trygr-run-");   // mode 0700: nobody else can swap the file
            temporary.toFile().deleteOnExit();   // deleted in reverse order: the file first, then its folder
            Path preload = NodePreload.install(temporary);
            preload.toFile().deleteOnExit();
            err.println("trygr run: cannot write " + caDir.resolve("run") + " (" + e.getMessage() + "); using " + preload);
            return preload;
        }
    }

    private static void requireReachable(ProxyUrl target) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(target.host(), target.port()), PROXY_CHECK_MILLIS);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UserError(ExitCode.NO_PROXY, "no proxy answers at " + target.url() + " (" + why
                    + "): start 'trygr proxy' first, or pass --proxy URL");
        }
    }

    /** Asks the command to stop (SIGTERM), and kills it if it has not stopped within the grace period. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Everything from the command's name on belongs to the command, options included ({@code node --inspect x}). */
    static final class RestOfLine implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            List<String> rest = new ArrayList<>();
            while (!args.isEmpty()) {
                rest.add(args.pop());
            }
            ((RunCommand) commandSpec.userObject()).command.addAll(rest);
            return true;
        }
    }
}
