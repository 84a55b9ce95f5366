package dev.trygr.proxy.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * trygr's certificate authority: a CA certificate and its private key, generated once per install and
 * kept in {@link #defaultDir()} (or a directory given with {@code --ca-dir}).
 *
 * <p>Immutable. The canonical constructor checks that the certificate is a CA (BasicConstraints CA:true,
 * and keyCertSign when KeyUsage is present) and that the key belongs to it, so an instance is always
 * usable for forging. {@link #toString()} never prints key material.
 *
 * @param certificate the CA certificate
 * @param privateKey the CA's private key (EC or RSA)
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

    /** The CA certificate as PEM, in the CA directory. */
    public static final String CERT_PEM_FILE = "trygr-ca.pem";
    /** The CA certificate as DER, in the CA directory; the form Android's installer wants. */
    public static final String CERT_DER_FILE = "trygr-ca.cer";
    /** The CA private key as unencrypted PKCS#8 PEM, mode 0600, in the CA directory. */
    public static final String KEY_FILE = "trygr-ca-key.pem";
    /** The organisation (O) in generated CA subjects. */
    public static final String ORGANISATION = "trygr";

    static final Duration BACKDATE = Duration.ofDays(2);
    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final int MAX_COMMON_NAME = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks that the pair is a usable CA; throws {@link CaException} with the reason otherwise. */
    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        String subject = certificate.getSubjectX500Principal().getName();
        if (certificate.getBasicConstraints() < 0) {
            throw new CaException("The certificate " + subject + " is not a CA (BasicConstraints CA:TRUE missing); "
                    + "trygr needs a CA certificate to sign the certificates it forges");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 6 || !keyUsage[5])) {
            throw new CaException("The CA certificate " + subject
                    + " may not sign certificates (KeyUsage keyCertSign missing)");
        }
        CertificateSigning.algorithmFor(privateKey); // refuses key types we cannot sign with
        CertificateSigning.requireMatchingKey(certificate, privateKey);
    }

    /** Generates a new CA named {@link #defaultCommonName()}. */
    public static CertificateAuthority generate() {
        return generate(defaultCommonName());
    }

    /**
     * Generates a new CA: ECDSA P-256 signed with SHA256withECDSA, subject {@code CN=<commonName>, O=trygr},
     * valid from two days ago (client clock skew) for ten years, BasicConstraints CA:true pathLen 0
     * (critical), KeyUsage keyCertSign and cRLSign (critical), a SubjectKeyIdentifier and a random positive
     * 16-byte serial. Nothing is written; call {@link #save}.
     *
     * @throws IllegalArgumentException if {@code commonName} is blank or longer than 64 characters
     */
    public static CertificateAuthority generate(String commonName) {
        return generate(commonName, newEcKeyPair(), Clock.systemUTC());
    }

    /** Generates a CA with the given key pair (EC or RSA) and clock; for tests and imports. */
    static CertificateAuthority generate(String commonName, KeyPair keys, Clock clock) {
        if (commonName == null || commonName.isBlank() || commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("CA common name must be 1 to 64 characters: " + commonName);
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANISATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
        Instant notBefore = clock.instant().minus(BACKDATE);
        Instant notAfter = clock.instant().plus(CA_LIFETIME);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, CertificateSigning.randomSerial(),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new CaException("Cannot build the CA certificate", e);
        }
        return new CertificateAuthority(CertificateSigning.sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /**
     * The default CA name, {@code trygr CA <8 hex digits> (<hostname>)}, so each install's CA can be told
     * apart in a device's list of trusted credentials. The host name is cut to keep the CN within 64 characters.
     */
    public static String defaultCommonName() {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        String prefix = "trygr CA " + HexFormat.of().formatHex(id) + " (";
        String host = LocalHostName.find();
        int room = MAX_COMMON_NAME - prefix.length() - 1;
        return prefix + (host.length() > room ? host.substring(0, room) : host) + ")";
    }

    /** {@code ~/.trygr}, where the CA lives unless {@code --ca-dir} says otherwise. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".trygr");
    }

    /**
     * Loads the CA saved in {@code caDir} by {@link #save}.
     *
     * @throws CaNotFoundException if neither the certificate nor the key file exists
     * @throws CaException if a file is missing, unreadable, or the key does not belong to the certificate
     */
    public static CertificateAuthority load(Path caDir) {
        return CaFiles.load(caDir);
    }

    /**
     * Reads a CA from a certificate PEM and a key PEM (for {@code trygr ca import}). The key may be PKCS#8
     * ({@code PRIVATE KEY}) or traditional ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}), unencrypted;
     * EC and RSA CAs work. The first certificate in {@code certPem} is the CA.
     *
     * @throws CaException if a file cannot be read, the certificate is not a CA, or the key does not match
     */
    public static CertificateAuthority fromPem(Path certPem, Path keyPem) {
        X509Certificate certificate = PemCodec.readCertificates(certPem).get(0);
        PrivateKey key = PemCodec.readPrivateKey(keyPem);
        return new CertificateAuthority(certificate, key);
    }

    /**
     * Writes {@link #CERT_PEM_FILE}, {@link #CERT_DER_FILE} and {@link #KEY_FILE} into {@code caDir},
     * creating it with mode 0700 if missing. The key file is created with mode 0600 before any byte is
     * written and moved into place, so it is never readable by others; certificates get 0644.
     *
     * @param force replace an existing CA; without it an existing file is an error
     * @throws CaExistsException if any of the three files exists and {@code force} is false
     * @throws CaException if writing fails
     */
    public void save(Path caDir, boolean force) {
        CaFiles.save(this, caDir, force);
    }

    /**
     * SHA-256 of the DER certificate as upper-case hex pairs joined by colons, as
     * {@code openssl x509 -fingerprint -sha256} prints it.
     */
    public String fingerprintSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new CaException("Cannot fingerprint the CA certificate", e);
        }
    }

    /**
     * The CA certificate, never the key, encoded for installing on a device.
     *
     * <p>{@link ExportFormat#P12}: a PKCS#12 whose only entry is the certificate as a trusted certificate
     * (the form Windows' import wizard and Java keystores take for a root; a CA needs no key on the device).
     * The certificate bag is not encrypted, since a certificate is public; the file carries an HMAC-SHA256
     * integrity MAC under {@code password}, where {@code null} means the empty password, so the import
     * wizard's empty password field works.
     *
     * @param password only used for P12; may be {@code null}
     */
    public byte[] export(ExportFormat format, char[] password) {
        Objects.requireNonNull(format, "format");
        try {
            switch (format) {
                case PEM:
                    return PemCodec.encode(certificate).getBytes(StandardCharsets.US_ASCII);
                case DER:
                    return certificate.getEncoded();
                case P12:
                    char[] p12Password = password == null ? new char[0] : password;
                    return TrustedCertificateP12.encode(certificate, "trygr CA", p12Password);
                default:
                    throw new IllegalArgumentException("Unknown format " + format);
            }
        } catch (CertificateEncodingException e) {
            throw new CaException("Cannot encode the CA certificate", e);
        }
    }

    /**
     * The CA's key identifier, copied into forged leaves' AuthorityKeyIdentifier: the SubjectKeyIdentifier
     * extension byte for byte, or, for an imported CA without one, the RFC 5280 SHA-1 method over its key.
     */
    byte[] keyIdentifier() {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            byte[] octets = ASN1OctetString.getInstance(extension).getOctets();
            return SubjectKeyIdentifier.getInstance(octets).getKeyIdentifier();
        }
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(certificate.getPublicKey())
                    .getKeyIdentifier();
        } catch (NoSuchAlgorithmException e) {
            throw new CaException("Cannot compute the CA key identifier", e);
        }
    }

    /** Subject, serial and fingerprint; never the key. */
    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName()
                + ", serial " + certificate.getSerialNumber().toString(16)
                + ", SHA-256 " + fingerprintSha256() + "]";
    }

    static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CaException("Cannot generate an EC P-256 key pair", e);
        }
    }
}
