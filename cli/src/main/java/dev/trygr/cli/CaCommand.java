package dev.trygr.cli;

import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.ExportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

@Command(name = "ca", description = "Create, show, export or import the CA that signs trygr's certificates.",
        mixinStandardHelpOptions = true,
        subcommands = {CaCommand.Init.class, CaCommand.Show.class, CaCommand.Export.class, CaCommand.Import.class})
final class CaCommand implements Runnable {

    @Option(names = "--ca-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Where the CA lives (default: ~/.trygr).")
    Path caDir;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path dir() {
        return caDir != null ? caDir : CertificateAuthority.defaultDir();
    }

    static void describe(PrintWriter out, CertificateAuthority ca, Path dir) {
        X509Certificate cert = ca.certificate();
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
        out.println("  subject      " + cert.getSubjectX500Principal().getName());
        out.println("  key          " + keyDescription(ca));
        out.println("  valid        " + day.format(cert.getNotBefore().toInstant()) + " to "
                + day.format(cert.getNotAfter().toInstant()));
        out.println("  SHA-256      " + ca.fingerprintSha256());
        out.println("  certificate  " + dir.resolve(CertificateAuthority.CERT_PEM_FILE) + "  (PEM)");
        out.println("               " + dir.resolve(CertificateAuthority.CERT_DER_FILE) + "  (DER, for Android)");
        out.println("  private key  " + dir.resolve(CertificateAuthority.KEY_FILE) + "  (mode 0600, keep it secret)");
    }

    private static String keyDescription(CertificateAuthority ca) {
        java.security.PublicKey key = ca.certificate().getPublicKey();
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            return "ECDSA, " + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve";
        }
        if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }

    static void trustInstructions(PrintWriter out, Path dir) {
        Path pem = dir.resolve(CertificateAuthority.CERT_PEM_FILE);
        Path der = dir.resolve(CertificateAuthority.CERT_DER_FILE);
        out.println();
        out.println("Trust it in the clients you want to audit (only those: anyone with the key can read their TLS):");
        out.println("  curl                 curl --proxy http://127.0.0.1:8080 --cacert " + pem + " https://…");
        out.println("  Node (homebridge,    NODE_EXTRA_CA_CERTS=" + pem + " homebridge");
        out.println("   ring-client-api)    (read once at process start; set it in the service's environment)");
        out.println("  Android              copy " + der + " to the phone, then Settings > Security >");
        out.println("                       Encryption & credentials > Install a certificate > CA certificate;");
        out.println("                       apps targeting Android 7+ ignore user CAs unless they opt in");
        out.println("  Firefox              Settings > Privacy & Security > Certificates > View Certificates >");
        out.println("                       Authorities > Import " + pem);
        out.println("  Chrome / Chromium    Settings > Privacy and security > Security > Manage certificates >");
        out.println("                       Authorities > Import (Linux); on Windows/macOS, the system store");
    }

    @Command(name = "init", description = "Create a new CA, unique to this install.", mixinStandardHelpOptions = true)
    static final class Init implements Runnable {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--force", description = "Replace an existing CA (clients trusting the old one stop working).")
        boolean force;

        @Option(names = "--name", paramLabel = "CN", description = "The CA's common name (default: trygr CA <id> (<host>)).")
        String name;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = parent.dir();
            CertificateAuthority ca = name == null ? CertificateAuthority.generate() : CertificateAuthority.generate(name);
            ca.save(dir, force);
            out.println("Created a new CA in " + dir + ":");
            describe(out, ca, dir);
            trustInstructions(out, dir);
        }
    }

    @Command(name = "show", description = "Show the CA: subject, validity, fingerprint, files.", mixinStandardHelpOptions = true)
    static final class Show implements Runnable {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = parent.dir();
            CertificateAuthority ca = CertificateAuthority.load(dir);
            out.println("CA in " + dir + ":");
            describe(out, ca, dir);
            trustInstructions(out, dir);
        }
    }

    @Command(name = "export", description = "Write the CA certificate (never the key) as PEM, DER or PKCS#12.",
            mixinStandardHelpOptions = true)
    static final class Export implements Runnable {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "pem", paramLabel = "pem|der|p12",
                description = "pem (default), der (.cer, Android) or p12 (Windows, macOS; empty password).")
        String format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path out;

        @Override
        public void run() {
            ExportFormat fmt = switch (format.toLowerCase(Locale.ROOT)) {
                case "pem" -> ExportFormat.PEM;
                case "der", "cer", "crt" -> ExportFormat.DER;
                case "p12", "pkcs12", "pfx" -> ExportFormat.P12;
                default -> throw new UserError(ExitCode.USAGE, "--format takes pem, der or p12, not '" + format + "'");
            };
            byte[] bytes = CertificateAuthority.load(parent.dir()).export(fmt, new char[0]);
            if (out != null) {
                try {
                    Files.write(out, bytes);
                } catch (IOException e) {
                    throw new UserError(ExitCode.FAILURE, "cannot write " + out + ": " + e.getMessage());
                }
                spec.commandLine().getErr().println("Wrote the CA certificate (" + fmt.name() + ") to " + out);
                return;
            }
            if (fmt != ExportFormat.PEM && System.console() != null) {
                throw new UserError(ExitCode.USAGE, "not writing binary " + fmt.name()
                        + " to a terminal: add --out FILE or redirect standard output");
            }
            if (fmt == ExportFormat.PEM) {
                spec.commandLine().getOut().print(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
                spec.commandLine().getOut().flush();
            } else {
                writeRaw(bytes);
            }
        }

        private static void writeRaw(byte[] bytes) {
            try {
                OutputStream stdout = System.out;
                stdout.write(bytes);
                stdout.flush();
            } catch (IOException e) {
                throw new UserError(ExitCode.FAILURE, "cannot write to standard output: " + e.getMessage());
            }
        }
    }

    @Command(name = "import", description = "Use an existing CA (certificate and private key as PEM).",
            mixinStandardHelpOptions = true)
    static final class Import implements Runnable {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--cert", required = true, paramLabel = "PEM", description = "The CA certificate.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "PEM", description = "Its private key (PKCS#8 or traditional).")
        Path key;

        @Option(names = "--force", description = "Replace an existing CA.")
        boolean force;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = parent.dir();
            CertificateAuthority ca = CertificateAuthority.fromPem(cert, key);
            ca.save(dir, force);
            out.println("Imported the CA into " + dir + ":");
            describe(out, ca, dir);
        }
    }
}
