package dev.trygr.proxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads and writes PEM with BouncyCastle's parser, converting to JDK types with the JDK's own providers
 * (no global provider is registered).
 */
final class PemCodec {

    private PemCodec() {}

    /** Every certificate in a PEM file, in file order; other PEM blocks and text between blocks are skipped. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (NoSuchFileException e) {
            throw new CaException("Certificate file not found: " + file, e);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new CaException("Cannot read certificates from " + file + " (expected PEM): " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new CaException("No PEM certificate (-----BEGIN CERTIFICATE-----) in " + file);
        }
        return certificates;
    }

    /**
     * The first private key in a PEM file: PKCS#8 ({@code PRIVATE KEY}) or traditional OpenSSL
     * ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}). Encrypted keys are refused with advice.
     */
    static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new CaException("The private key in " + file + " is encrypted; decrypt it first, e.g. "
                            + "`openssl pkey -in " + file + " -out ca-key-plain.pem`, and keep the result private");
                }
            }
        } catch (NoSuchFileException e) {
            throw new CaException("Private key file not found: " + file, e);
        } catch (CaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // the message of a key parse failure never contains key bytes
            throw new CaException("Cannot read a private key from " + file + " (expected PEM): " + e.getMessage(), e);
        }
        throw new CaException("No PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY) in " + file);
    }

    /** The certificate as PEM text. */
    static String encode(X509Certificate certificate) {
        return write(certificate);
    }

    /** The key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    static String encodePkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new CaException("Cannot encode the private key as PKCS#8", e);
        }
    }

    private static String write(Object pemObject) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (pemObject instanceof PemObject pem) {
                writer.writeObject(pem);
            } else {
                writer.writeObject(pemObject);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
