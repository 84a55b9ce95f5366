package dev.trygr.simulator;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens the scripted clients' TLS connections along a {@link Route}: TCP to the hop's address, then TLS with the
 * hop's SNI (or none), verifying the chain against the route's trusted PEM and the certificate's name against the
 * real host, or verifying nothing where push-receiver verifies nothing.
 */
final class TlsDialer {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Route route;
    private final SSLContext verifying;
    private final SSLContext trustingAnything;

    TlsDialer(Route route) {
        this.route = route;
        this.verifying = SimCa.clientContextTrusting(route.trustedPem());
        this.trustingAnything = acceptAll();
    }

    Route route() {
        return route;
    }

    /** A handshaken TLS socket to {@code host:port} as the route says, with a read timeout. */
    SSLSocket open(String host, int port, int readTimeoutMillis) throws IOException {
        Route.Hop hop = route.hop(host, port);
        Socket tcp = new Socket();
        try {
            tcp.connect(hop.connectTo(), CONNECT_TIMEOUT_MILLIS);
            tcp.setTcpNoDelay(true);
            SSLContext context = hop.verify() ? verifying : trustingAnything;
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            List<SNIServerName> serverNames = hop.sni().isPresent()
                    ? List.of(new SNIHostName(hop.sni().get()))
                    : List.of(); // an empty list: no server_name extension at all
            parameters.setServerNames(serverNames);
            if (hop.verify()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            parameters.setApplicationProtocols(hop.sni().isPresent() ? new String[] {"http/1.1"} : new String[0]);
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(readTimeoutMillis);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            TlsListener.closeQuietly(tcp);
            throw e;
        }
    }

    /** push-receiver's MCS socket checks no certificate at all (§5.7); so does this context. */
    private static SSLContext acceptAll() {
        TrustManager anything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // not a server
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // deliberately nothing: this mirrors push-receiver, it is not a recommendation
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {anything}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is always available", e);
        }
    }
}
