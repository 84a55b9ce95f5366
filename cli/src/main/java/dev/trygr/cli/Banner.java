package dev.trygr.cli;

import dev.trygr.proxy.ModeSpec;
import dev.trygr.proxy.ProxyServer;
import dev.trygr.proxy.tls.CertificateAuthority;
import dev.trygr.proxy.tls.TlsImplementation;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** The start banner of {@code trygr proxy}: what listens where, where flows go, which CA signs. */
final class Banner {
    private Banner() {
    }

    static void print(PrintWriter out, ProxyServer server, Path capture, long session, CertificateAuthority ca,
                      Path caDir, boolean insecure, int extraTrust, boolean storeSecrets, boolean systemResolvers) {
        List<ProxyServer.Listening> listening = server.listening();
        Path pem = caDir.resolve(CertificateAuthority.CERT_PEM_FILE);
        out.println("trygr " + TrygrCommand.version() + " is recording to " + capture.toAbsolutePath().normalize()
                + " (session " + session + ")");
        for (ProxyServer.Listening l : listening) {
            int port = l.address().getPort();
            // A wildcard listener is shown as it was asked for; the hints then reach it over loopback.
            boolean wildcard = l.address().getAddress().isAnyLocalAddress();
            String shown = wildcard ? l.mode().listen().host() : l.address().getAddress().getHostAddress();
            String hostPort = bracketed(shown) + ":" + port;
            String address = wildcard ? "127.0.0.1" : shown;
            String url = "http://" + bracketed(address) + ":" + port;
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
        for (List<InetSocketAddress> upstreams : server.dnsUpstreams()) {
            out.println("  dns        forwards other names to " + upstreams.stream()
                    .map(a -> bracketed(a.getAddress().getHostAddress()) + ":" + a.getPort()).toList()
                    + (systemResolvers ? " (the system's resolvers; --dns-upstream to change)" : ""));
        }
        out.println("  CA         " + ca.certificate().getSubjectX500Principal().getName());
        out.println("             SHA-256 " + ca.fingerprintSha256());
        out.println("  upstream   " + (insecure
                ? "certificates NOT verified (--upstream-insecure; flagged in reports)"
                : "certificates verified (JDK trust store" + (extraTrust > 0 ? " + " + extraTrust + " PEM file(s)" : "") + ")"));
        out.println("  tls        " + TlsImplementation.describe());
        out.println("  secrets    " + (storeSecrets
                ? "stored RAW (--store-secrets): keep this capture private"
                : "stored as fingerprints only (tokens, passwords, cookies)"));
        out.println("Press Ctrl-C to stop. One line per flow follows.");
        out.flush();
    }

    private static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
