package dev.trygr.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards the real upstream servers: which certificates are trusted, and a handler that sends SNI
 * and checks the host name.
 *
 * <p>Verified by default against the JDK's default trust store plus every certificate in the
 * {@code --upstream-trust} PEM files; {@code --upstream-insecure} trusts everything.
 */
public final class UpstreamTrust {

    private UpstreamTrust() {}

    /**
     * A client context offering ALPN {@code http/1.1} only.
     *
     * @see #clientContext(List, boolean, List)
     */
    public static SslContext clientContext(List<Path> extraTrustPems, boolean insecure) {
        return clientContext(extraTrustPems, insecure, List.of(ApplicationProtocolNames.HTTP_1_1));
    }

    /**
     * A Netty client context ({@link TlsImplementation#provider()}, TLSv1.3 and TLSv1.2) that verifies servers against the JDK's
     * default trust anchors plus every certificate in {@code extraTrustPems} (a file may hold several), or,
     * with {@code insecure}, accepts any server. Host names are checked per connection by
     * {@link #newHandler}.
     *
     * @param alpnProtocols the ALPN protocols to offer, in preference order; empty sends no ALPN extension
     *     (for raw TLS such as MCS on port 5228)
     * @throws CaException if a PEM file cannot be read or holds no certificate
     */
    public static SslContext clientContext(List<Path> extraTrustPems, boolean insecure, List<String> alpnProtocols) {
        Objects.requireNonNull(extraTrustPems, "extraTrustPems");
        Objects.requireNonNull(alpnProtocols, "alpnProtocols");
        TrustManager trust = insecure ? AcceptAllTrustManager.INSTANCE : verifyingTrustManager(extraTrustPems);
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(TlsImplementation.provider())
                .protocols("TLSv1.3", "TLSv1.2")
                .trustManager(trust);
        if (!alpnProtocols.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    alpnProtocols));
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new CaException("Cannot build the upstream TLS context", e);
        }
    }

    /**
     * A client {@link SslHandler} for a connection to {@code sniHost:port}. The engine knows its peer, so
     * the JDK sends SNI for a host name and none for an IP literal (brackets are stripped); with
     * {@code verifyHostname} the certificate must match {@code sniHost} (HTTPS endpoint identification:
     * {@code dNSName} SANs for names, {@code iPAddress} SANs for IPs). With an insecure context nothing is
     * checked whatever {@code verifyHostname} says.
     */
    public static SslHandler newHandler(SslContext ctx, ByteBufAllocator alloc, String sniHost, int port,
            boolean verifyHostname) {
        Objects.requireNonNull(sniHost, "sniHost");
        String host = sniHost.startsWith("[") && sniHost.endsWith("]")
                ? sniHost.substring(1, sniHost.length() - 1)
                : sniHost;
        SslHandler handler = ctx.newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        String rawName = null;
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            SNIServerName name = sniName(host);
            if (name instanceof RawHostName raw && engine instanceof ReferenceCountedOpenSslEngine) {
                rawName = raw.text();   // BoringSSL's engine takes only SNIHostName in its parameters
            } else if (name != null) {
                // the JDK leaves SNI out for single-label names such as "localhost";
                // a proxy must send what its client asked for
                parameters.setServerNames(List.of(name));
            }
        }
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        if (rawName != null) {
            ReferenceCountedOpenSslEngine openSsl = (ReferenceCountedOpenSslEngine) engine;
            synchronized (openSsl) {   // the engine's own lock, as its methods take it
                SSL.setTlsExtHostName(openSsl.sslPointer(), rawName);
            }
        }
        return handler;
    }

    private static SNIServerName sniName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException strict) {
            // SNIHostName applies STD3 rules and refuses underscores, which real services use and browsers send
            if (!name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return new RawHostName(name.getBytes(StandardCharsets.US_ASCII));
            }
            return null; // not expressible as SNI: connect without it, as a client would
        }
    }

    /** A host_name SNI entry the JDK's {@link SNIHostName} would refuse; the bytes go on the wire as given. */
    private static final class RawHostName extends SNIServerName {
        RawHostName(byte[] ascii) {
            super(StandardConstants.SNI_HOST_NAME, ascii);
        }

        String text() {
            return new String(getEncoded(), StandardCharsets.US_ASCII);
        }
    }

    private static X509TrustManager verifyingTrustManager(List<Path> extraTrustPems) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate anchor : defaultTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jdk-" + n++, anchor);
            }
            for (Path pem : extraTrustPems) {
                for (X509Certificate extra : PemCodec.readCertificates(pem)) {
                    anchors.setCertificateEntry("extra-" + n++, extra);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return firstX509(factory);
        } catch (GeneralSecurityException | IOException e) {
            throw new CaException("Cannot set up upstream certificate verification: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return firstX509(factory);
    }

    private static X509TrustManager firstX509(TrustManagerFactory factory) {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new CaException("The JDK offers no X.509 trust manager");
    }
}
