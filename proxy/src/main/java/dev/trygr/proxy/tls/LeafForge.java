package dev.trygr.proxy.tls;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Forges leaf certificates for the hosts a client asks for, signed by trygr's CA.
 *
 * <p>One EC P-256 key pair is generated when the forge is built and reused for every host, so forging
 * costs one signature and no key generation. A leaf has: subject {@code CN=<host>} when the host fits
 * in 64 characters (otherwise an empty subject and a critical SAN, RFC 5280 §4.2.1.6); SAN {@code dNSName}
 * for names or {@code iPAddress} for IPv4 and IPv6 literals; EKU serverAuth; KeyUsage digitalSignature
 * (critical); BasicConstraints CA:false (critical); AuthorityKeyIdentifier = the CA's
 * SubjectKeyIdentifier, key identifier only; no SubjectKeyIdentifier (an SKI equal to the CA's breaks
 * Windows SChannel, mitmproxy#6494); a random positive 16-byte serial; validity from two days ago for 199
 * days in total, under the 200 days Chromium accepts.
 *
 * <p>Thread-safe: all state is immutable after construction.
 */
public final class LeafForge {

    /** Total leaf lifetime, notBefore to notAfter. */
    public static final Duration LEAF_LIFETIME = Duration.ofDays(199);
    private static final int MAX_COMMON_NAME = 64;

    private final CertificateAuthority ca;
    private final KeyPair leafKeys;
    private final X500Name issuer;
    private final AuthorityKeyIdentifier authorityKeyIdentifier;
    private final Clock clock;

    /** A forge signing with {@code ca}, using the system clock. Generates the leaf key pair (a few ms). */
    public LeafForge(CertificateAuthority ca) {
        this(ca, Clock.systemUTC());
    }

    /** A forge signing with {@code ca}; validity is computed from {@code clock}. */
    public LeafForge(CertificateAuthority ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leafKeys = CertificateAuthority.newEcKeyPair();
        try {
            // the CA's subject exactly as encoded in its certificate, so issuer and subject compare byte for byte
            this.issuer = new JcaX509CertificateHolder(ca.certificate()).getSubject();
        } catch (CertificateEncodingException e) {
            throw new CaException("Cannot read the CA certificate's subject", e);
        }
        this.authorityKeyIdentifier = new AuthorityKeyIdentifier(ca.keyIdentifier());
    }

    /** The CA that signs the leaves. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** The private key shared by every forged leaf. */
    public PrivateKey leafKey() {
        return leafKeys.getPrivate();
    }

    /** The public key in every forged leaf. */
    public PublicKey leafPublicKey() {
        return leafKeys.getPublic();
    }

    /**
     * Forges a certificate for {@code host}: a DNS name (internationalised names are converted to their
     * ASCII form and lower-cased) or an IPv4 or IPv6 literal, with or without brackets. Does no DNS lookup.
     * Costs one signature by the CA key (about 0.2 to 2 ms, depending on hardware and key type): CPU work
     * that does not belong on an event loop.
     *
     * @throws IllegalArgumentException if {@code host} is empty or not a valid name or address
     */
    public X509Certificate forge(String host) {
        HostName name = HostName.parse(host);
        Instant notBefore = clock.instant().minus(CertificateAuthority.BACKDATE);
        Instant notAfter = notBefore.plus(LEAF_LIFETIME);
        boolean withCommonName = name.text().length() <= MAX_COMMON_NAME;
        X500Name subject = withCommonName
                ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name.text()).build()
                : new X500Name(new RDN[0]);
        GeneralName san = name.ipLiteral()
                ? new GeneralName(GeneralName.iPAddress,
                        new DEROctetString(NetUtil.createByteArrayFromIpAddressString(name.text())))
                : new GeneralName(GeneralName.dNSName, name.text());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, CertificateSigning.randomSerial(),
                Date.from(notBefore), Date.from(notAfter), subject, leafKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, !withCommonName, new GeneralNames(san));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
        } catch (CertIOException e) {
            throw new CaException("Cannot build a certificate for " + name.text(), e);
        }
        return CertificateSigning.sign(builder, ca.privateKey());
    }

    /** A host as it goes into a certificate: a lower-case ASCII name, or a canonical IP literal. */
    record HostName(String text, boolean ipLiteral) {

        static HostName parse(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("No host to forge a certificate for");
            }
            String h = host.strip();
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            int zone = h.indexOf('%');
            String literal = zone >= 0 && h.indexOf(':') >= 0 ? h.substring(0, zone) : h;
            byte[] address = NetUtil.createByteArrayFromIpAddressString(literal);
            if (address != null) {
                return new HostName(NetUtil.bytesToIpAddress(address), true);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1); // the root label never appears in certificates
            }
            String ascii;
            try {
                ascii = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a valid host name: " + host, e);
            }
            if (ascii.isEmpty() || ascii.length() > 253 || !ascii.chars().allMatch(HostName::allowed)) {
                throw new IllegalArgumentException("Not a valid host name: " + host);
            }
            return new HostName(ascii, false);
        }

        /** Letters, digits, hyphen, dot, underscore (used by real services), {@code *} for wildcards. */
        private static boolean allowed(int c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '*';
        }
    }
}
