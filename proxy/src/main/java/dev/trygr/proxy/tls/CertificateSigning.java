package dev.trygr.proxy.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What signing a certificate needs: the signature algorithm that fits a key, random serials, and the
 * check that a private key belongs to a certificate. Uses the JDK's providers only.
 */
final class CertificateSigning {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SERIAL_BYTES = 16;

    private CertificateSigning() {}

    /**
     * A random positive serial whose DER encoding is exactly 16 bytes: the top bit is cleared (positive)
     * and the next one set (no leading zero byte), leaving 126 random bits.
     */
    static BigInteger randomSerial() {
        byte[] bytes = new byte[SERIAL_BYTES];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }

    /** The JCA signature algorithm for {@code key}: SHA-2 sized to the curve for EC, SHA-256 for RSA. */
    static String algorithmFor(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "EC":
                int bits = ((ECKey) key).getParams().getOrder().bitLength();
                if (bits > 384) {
                    return "SHA512withECDSA";
                }
                return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            default:
                throw new CaException("Unsupported CA key algorithm " + key.getAlgorithm() + " (use an EC or RSA key)");
        }
    }

    /** Signs the builder's certificate with {@code key} and converts it with the JDK's certificate factory. */
    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithmFor(key)).build(key);
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | CertificateException e) {
            throw new CaException("Cannot sign a certificate with the " + key.getAlgorithm() + " key", e);
        }
    }

    /** Throws a {@link CaException} unless {@code key} is the private half of the certificate's public key. */
    static void requireMatchingKey(X509Certificate certificate, PrivateKey key) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw mismatch(certificate, key);
        }
        String algorithm = algorithmFor(key);
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw mismatch(certificate, key);
            }
        } catch (SignatureException | InvalidKeyException e) {
            // a key of another curve or size cannot verify the signature: that is a mismatch too
            throw mismatch(certificate, key);
        } catch (GeneralSecurityException e) {
            throw new CaException("Cannot check that the private key belongs to the certificate "
                    + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
    }

    private static CaException mismatch(X509Certificate certificate, PrivateKey key) {
        return new CaException("The private key (" + key.getAlgorithm() + ") does not belong to the certificate "
                + certificate.getSubjectX500Principal().getName()
                + " (" + certificate.getPublicKey().getAlgorithm() + ")");
    }
}
