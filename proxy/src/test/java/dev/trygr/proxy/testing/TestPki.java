package dev.trygr.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away test PKI: one CA and any number of leaves it issues, EC P-256 / SHA256withECDSA, built with
 * BouncyCastle directly (independent of trygr's own {@code CertificateAuthority}, so a bug there cannot hide
 * itself in tests). Nothing is written to disk unless asked ({@link #writeCaPem(Path)}), and no provider is
 * registered globally.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create("Test Origin CA");
 * TestPki.Leaf leaf = pki.issue("localhost", "127.0.0.1", "oauth.ring.com");
 * SSLContext server = leaf.sslContext();
 * SSLContext client = TestPki.trustingOnly(pki.caCertificate());
 * }</pre>
 */
public final class TestPki {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NO_PASSWORD = new char[0];

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private TestPki(KeyPair caKeys, X509Certificate caCertificate) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    /** Creates a new CA with the given common name, valid from one day ago for 30 days. */
    public static TestPki create(String commonName) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = name(commonName);
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestPki(keys, sign(builder, keys.getPrivate()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create test CA " + commonName, e);
        }
    }

    /** The CA certificate (self-signed). */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA's private key, for tests that need to sign something else with it. */
    public PrivateKey caPrivateKey() {
        return caKeys.getPrivate();
    }

    /** The CA certificate as a PEM string ({@code -----BEGIN CERTIFICATE-----}). */
    public String caPem() {
        return pem(caCertificate);
    }

    /** Writes {@link #caPem()} to {@code file} (e.g. for {@code curl --cacert} or {@code --upstream-trust}). */
    public Path writeCaPem(Path file) throws IOException {
        Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * Issues a server leaf for the given names. Each argument becomes a SAN: an IP SAN when it is an IPv4 or
     * IPv6 literal, a DNS SAN otherwise; the first one is also the subject CN. EKU serverAuth, AKI = CA SKI,
     * valid from one day ago for 30 days.
     */
    public Leaf issue(String... dnsNamesOrIps) {
        if (dnsNamesOrIps.length == 0) {
            throw new IllegalArgumentException("a leaf needs at least one name");
        }
        try {
            KeyPair keys = newKeyPair();
            List<GeneralName> sans = new ArrayList<>();
            for (String n : dnsNamesOrIps) {
                Objects.requireNonNull(n, "name");
                boolean ip = IPV4.matcher(n).matches() || n.contains(":");
                sans.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    name(dnsNamesOrIps[0]), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(caCertificate));
            return new Leaf(keys.getPrivate(), sign(builder, caKeys.getPrivate()), caCertificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test leaf", e);
        }
    }

    /** A client-side JDK {@link SSLContext} that trusts exactly the given anchors and nothing else. */
    public static SSLContext trustingOnly(X509Certificate... anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build trusting SSLContext", e);
        }
    }

    /** Reads one X.509 certificate from a PEM (or DER) file. */
    public static X509Certificate readPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("not a certificate: " + file, e);
        }
    }

    /** PEM text of any certificate. */
    public static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A leaf issued by a {@link TestPki}: its key, certificate and the chain {@code [leaf, ca]}. */
    public static final class Leaf {
        private final PrivateKey privateKey;
        private final X509Certificate certificate;
        private final X509Certificate ca;

        private Leaf(PrivateKey privateKey, X509Certificate certificate, X509Certificate ca) {
            this.privateKey = privateKey;
            this.certificate = certificate;
            this.ca = ca;
        }

        /** The leaf certificate. */
        public X509Certificate certificate() {
            return certificate;
        }

        /** The leaf's private key (EC P-256). */
        public PrivateKey privateKey() {
            return privateKey;
        }

        /** The chain a server presents: leaf first, then the CA. */
        public X509Certificate[] chain() {
            return new X509Certificate[] {certificate, ca};
        }

        /** A key manager factory holding this leaf's key and chain. */
        public KeyManagerFactory keyManagerFactory() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("leaf", privateKey, NO_PASSWORD, chain());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, NO_PASSWORD);
                return kmf;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build key manager", e);
            }
        }

        /** A fresh server-side JDK {@link SSLContext} presenting this leaf (no client authentication). */
        public SSLContext sslContext() {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(keyManagerFactory().getKeyManagers(), null, null);
                return ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build server SSLContext", e);
            }
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "trygr tests")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
