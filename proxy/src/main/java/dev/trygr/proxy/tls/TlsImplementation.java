package dev.trygr.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * Which TLS implementation trygr's engines use, towards clients and towards upstreams: BoringSSL through
 * netty-tcnative ({@link SslProvider#OPENSSL}) when its native library loads on this platform (Linux, macOS and
 * Windows on x86_64 and aarch64), else the JDK's. BoringSSL does a TLS handshake and the record encryption in a
 * fraction of the JDK's CPU time. {@code -Dtrygr.tls=jdk} forces the JDK's implementation.
 */
public final class TlsImplementation {
    /** The system property that can force the JDK's implementation ({@code jdk}). */
    public static final String PROPERTY = "trygr.tls";

    private static final SslProvider PROVIDER = choose();

    private TlsImplementation() {}

    /** The provider every trygr SSL context is built with. */
    public static SslProvider provider() {
        return PROVIDER;
    }

    /** For the start banner and logs: "BoringSSL (netty-tcnative)" or "JDK (why)". */
    public static String describe() {
        if (PROVIDER == SslProvider.OPENSSL) {
            return OpenSsl.versionString() + " (netty-tcnative)";
        }
        if (isForcedJdk()) {
            return "JDK (-D" + PROPERTY + "=jdk)";
        }
        Throwable why = OpenSsl.unavailabilityCause();
        return "JDK (native TLS unavailable: " + (why == null ? "unknown" : why.getMessage()) + ")";
    }

    /**
     * A key manager factory presenting {@code keys} in a context of {@link #provider()}. For BoringSSL the key
     * and chain are converted to native form once per context and cached, not on every handshake.
     */
    static KeyManagerFactory keyManagerFactory(X509KeyManager keys) {
        KeyManagerFactory factory = new KeyManagerFactoryWrapper(keys);
        return PROVIDER == SslProvider.OPENSSL ? new OpenSslCachingX509KeyManagerFactory(factory) : factory;
    }

    /**
     * The trust managers of a server context: it asks no client for a certificate, so they never run, but a
     * BoringSSL server context left without one would load the JDK's whole default trust store (about 150
     * certificates) every time one is built, i.e. on every forge. This one is built once and trusts nobody.
     */
    static TrustManagerFactory noClientCertificates() {
        return NoClientCertificates.FACTORY;
    }

    private static final class NoClientCertificates {
        static final TrustManagerFactory FACTORY = build();

        private static TrustManagerFactory build() {
            try {
                KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
                empty.load(null, null);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(empty);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new CaException("Cannot set up an empty trust store", e);
            }
        }
    }

    private static SslProvider choose() {
        if (isForcedJdk()) {
            return SslProvider.JDK;
        }
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static boolean isForcedJdk() {
        return "jdk".equals(System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT));
    }
}
