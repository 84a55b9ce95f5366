package dev.trygr.proxy.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/**
 * A PKCS#12 file whose only content is one certificate marked as trusted, without a private key.
 *
 * <p>The certificate bag is stored unencrypted (a certificate is public) so that every importer can read
 * it; the PFX carries an HMAC-SHA256 MAC under the given password (PKCS#12 v1.1 with a SHA-256 MAC is
 * read by OpenSSL, Windows and the JDK). The bag has a friendly name and the JDK's "trusted for any
 * purpose" attribute, so Java's {@code KeyStore} lists it as a trusted certificate entry.
 */
final class TrustedCertificateP12 {

    /** Oracle's PKCS#12 attribute marking a certificate bag as a trust anchor (what the JDK's keytool writes). */
    private static final ASN1ObjectIdentifier JDK_TRUSTED_KEY_USAGE =
            new ASN1ObjectIdentifier("2.16.840.1.113894.746875.1.1");
    private static final int MAC_ITERATIONS = 10_000;

    private TrustedCertificateP12() {}

    static byte[] encode(X509Certificate certificate, String friendlyName, char[] password) {
        try {
            JcaPKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(certificate);
            bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            bag.addBagAttribute(JDK_TRUSTED_KEY_USAGE, KeyPurposeId.anyExtendedKeyUsage.toOID());
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addData(bag.build());
            BcPKCS12MacCalculatorBuilder mac = new BcPKCS12MacCalculatorBuilder(new SHA256Digest(),
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE))
                    .setIterationCount(MAC_ITERATIONS);
            return pfx.build(mac, password).getEncoded(ASN1Encoding.DER);
        } catch (IOException | PKCSException e) {
            throw new CaException("Cannot encode the CA certificate as PKCS#12", e);
        }
    }
}
