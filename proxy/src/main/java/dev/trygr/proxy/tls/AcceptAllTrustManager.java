package dev.trygr.proxy.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts every server, for {@code --upstream-insecure}. It is an {@link X509ExtendedTrustManager} on
 * purpose: the JDK wraps a plain {@code X509TrustManager} in one that still checks the host name, and
 * "insecure" means no check at all. The session records that it was used.
 */
final class AcceptAllTrustManager extends X509ExtendedTrustManager {

    static final AcceptAllTrustManager INSTANCE = new AcceptAllTrustManager();

    private AcceptAllTrustManager() {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // accepts everything: that is what --upstream-insecure asks for
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // accepts everything: that is what --upstream-insecure asks for
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // accepts everything: that is what --upstream-insecure asks for
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("upstream trust checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("upstream trust checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("upstream trust checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
