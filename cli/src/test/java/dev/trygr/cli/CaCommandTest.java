package dev.trygr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trygr ca …} and {@code --help} as a user runs them, in process, on real files. */
class CaCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run trygr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static String fingerprint(String output) {
        return output.lines().filter(l -> l.strip().startsWith("SHA-256")).findFirst().orElseThrow()
                .replaceAll(".*SHA-256\\s+", "").strip();
    }

    @Test
    void initCreatesAUniqueCaWithPrivateKeyFileAndExplainsHowToTrustIt() throws Exception {
        Path ca = dir.resolve("ca");
        Run init = trygr("ca", "init", "--ca-dir", ca.toString());
        assertEquals(0, init.code(), init.err());
        for (String expected : new String[] {"SHA-256", "--cacert", "NODE_EXTRA_CA_CERTS", "Android", "Firefox", "Chrome"}) {
            assertTrue(init.out().contains(expected), "missing " + expected + ":\n" + init.out());
        }
        assertTrue(fingerprint(init.out()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), init.out());
        assertTrue(Files.exists(ca.resolve("trygr-ca.pem")) && Files.exists(ca.resolve("trygr-ca.cer")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(ca.resolve("trygr-ca-key.pem")));

        Run again = trygr("ca", "init", "--ca-dir", ca.toString());
        assertEquals(ExitCode.EXISTS.code, again.code());
        assertTrue(again.err().contains("--force"), again.err());

        Run show = trygr("ca", "show", "--ca-dir", ca.toString());
        assertEquals(fingerprint(init.out()), fingerprint(show.out()));

        Run forced = trygr("ca", "init", "--force", "--ca-dir", ca.toString());
        assertEquals(0, forced.code(), forced.err());
        assertNotEquals(fingerprint(init.out()), fingerprint(forced.out()), "a new CA, not the old one");
    }

    @Test
    void exportWritesTheCertificateInEachFormatAndNeverTheKey() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, trygr("ca", "init", "--ca-dir", ca.toString()).code());
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate original = (X509Certificate) x509.generateCertificate(Files.newInputStream(ca.resolve("trygr-ca.pem")));

        Run pem = trygr("ca", "export", "--ca-dir", ca.toString());
        assertEquals(0, pem.code(), pem.err());
        assertTrue(pem.out().startsWith("-----BEGIN CERTIFICATE-----") && !pem.out().contains("PRIVATE"));
        assertEquals(original, x509.generateCertificate(new ByteArrayInputStream(pem.out().getBytes())));

        Path der = dir.resolve("ca.cer");
        assertEquals(0, trygr("ca", "export", "--format", "der", "--out", der.toString(), "--ca-dir", ca.toString()).code());
        assertEquals(original, x509.generateCertificate(Files.newInputStream(der)));

        Path p12 = dir.resolve("ca.p12");
        assertEquals(0, trygr("ca", "export", "--format", "p12", "--out", p12.toString(), "--ca-dir", ca.toString()).code());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(Files.newInputStream(p12), new char[0]);
        String alias = store.aliases().nextElement();
        assertEquals(original, store.getCertificate(alias));
        assertTrue(!store.isKeyEntry(alias), "the export holds no private key");

        Run bad = trygr("ca", "export", "--format", "jks", "--ca-dir", ca.toString());
        assertEquals(ExitCode.USAGE.code, bad.code());
    }

    @Test
    void importAdoptsAnExistingCa() {
        Path first = dir.resolve("first");
        Run init = trygr("ca", "init", "--ca-dir", first.toString());
        Path second = dir.resolve("second");
        Run imported = trygr("ca", "import", "--cert", first.resolve("trygr-ca.pem").toString(),
                "--key", first.resolve("trygr-ca-key.pem").toString(), "--ca-dir", second.toString());
        assertEquals(0, imported.code(), imported.err());
        assertEquals(fingerprint(init.out()), fingerprint(imported.out()));

        Run mismatched = trygr("ca", "import", "--cert", first.resolve("trygr-ca.pem").toString(),
                "--key", dir.resolve("missing.pem").toString(), "--ca-dir", dir.resolve("third").toString());
        assertEquals(ExitCode.NO_CA.code, mismatched.code(), mismatched.err());
    }

    @Test
    void aMissingCaIsAClearErrorWithTheWayOut() {
        Run show = trygr("ca", "show", "--ca-dir", dir.resolve("nothing-here").toString());
        assertEquals(ExitCode.NO_CA.code, show.code());
        assertTrue(show.err().startsWith("trygr: ") && show.err().contains("trygr ca init"), show.err());
    }

    @Test
    void helpListsNamedExitCodesAndBadUsageExitsWith2() {
        Run help = trygr("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes:"), help.out());
        assertTrue(help.out().contains("no CA where one was expected"), help.out());
        Run bad = trygr("proxy", "--no-such-option");
        assertEquals(ExitCode.USAGE.code, bad.code());
        assertTrue(bad.err().contains("Unknown option"), bad.err());
        Run badMode = trygr("proxy", "--mode", "socks5@1080", "--capture", "/nonexistent/never.db");
        assertEquals(ExitCode.USAGE.code, badMode.code(), badMode.err());
        assertTrue(badMode.err().contains("unsupported --mode"), badMode.err());
    }

    @Test
    void flowsOnAMissingCaptureSaysWhatToDo() {
        Run list = trygr("flows", "list", "--capture", dir.resolve("none.db").toString());
        assertEquals(ExitCode.CAPTURE.code, list.code());
        assertTrue(list.err().contains("run 'trygr proxy'"), list.err());
    }
}
