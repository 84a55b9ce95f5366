package dev.trygr.cli;

import dev.trygr.proxy.ModeSpec;
import dev.trygr.proxy.ProxyServer;
import dev.trygr.proxy.tls.CertificateAuthority;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The start banner of {@code trygr proxy}: what listens where, where flows go, which CA signs. */
final class Banner {
    private Banner() {
    }

    static void print(PrintWriter out, List<ProxyServer.Listening> listening, Path capture, long session,
                      CertificateAuthority ca, Path caDir, boolean insecure, int extraTrust, boolean storeSecrets) {
        Path pem = caDir.resolve(CertificateAuthority.CERT_PEM_FILE);
        out.println("trygr " + TrygrCommand.version() + " is recording to " + capture.toAbsolutePath().normalize()
                + " (session " + session + ")");
        for (ProxyServer.Listening l : listening) {
            String address = l.address().getAddress().getHostAddress();
            String hostPort = (address.contains(":") ? "[" + address + "]" : address) + ":" + l.address().getPort();
            String url = "http://" + hostPort;
            int port = l.address().getPort();
            switch (l.mode().kind()) {
                case ModeSpec.TRANSPARENT -> out.println("  listening  transparent on " + hostPort
                        + "   TLS routed by SNI, HTTP by Host; try: curl --resolve api.ring.com:" + port + ":"
                        + address + " --cacert " + pem + " https://api.ring.com:" + port + "/");
                case ModeSpec.REVERSE -> out.println("  listening  reverse on " + hostPort + " -> "
                        + l.mode().reverse().scheme() + "://" + l.mode().reverse().upstream().authority());
                case ModeSpec.DNS -> out.println("  listening  dns on " + hostPort + " (udp, tcp)   try: dig @"
                        + address + " -p " + port + " api.ring.com");
                default -> out.println("  listening  " + l.mode().kind() + " proxy on " + url
                        + "   try: curl --proxy " + url + " --cacert " + pem + " https://example.com/");
            }
        }
        out.println("  CA         " + ca.certificate().getSubjectX500Principal().getName());
        out.println("             SHA-256 " + ca.fingerprintSha256());
        out.println("  upstream   " + (insecure
                ? "certificates NOT verified (--upstream-insecure; flagged in reports)"
                : "certificates verified (JDK trust store" + (extraTrust > 0 ? " + " + extraTrust + " PEM file(s)" : "") + ")"));
        out.println("  secrets    " + (storeSecrets
                ? "stored RAW (--store-secrets): keep this capture private"
                : "stored as fingerprints only (tokens, passwords, cookies)"));
        out.println("Press Ctrl-C to stop. One line per flow follows.");
        out.flush();
    }
}
