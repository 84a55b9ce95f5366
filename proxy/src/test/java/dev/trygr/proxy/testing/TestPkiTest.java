package dev.trygr.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    private static final TestPki PKI = TestPki.create("Test Origin CA");

    @Test
    void caIsASelfSignedCertificateAuthority() throws Exception {
        X509Certificate ca = PKI.caCertificate();
        ca.verify(ca.getPublicKey());
        ca.checkValidity();
        assertTrue(ca.getBasicConstraints() >= 0, "CA basic constraint");
        assertTrue(ca.getSubjectX500Principal().getName().contains("CN=Test Origin CA"));
        assertTrue(PKI.caPem().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void leafChainsToTheCaWithSansAndServerAuth() throws Exception {
        TestPki.Leaf leaf = PKI.issue("localhost", "127.0.0.1", "oauth.ring.com");
        X509Certificate cert = leaf.certificate();
        assertEquals(-1, cert.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertEquals(Set.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "oauth.ring.com")),
                Set.copyOf(cert.getSubjectAlternativeNames().stream().map(List::copyOf).toList()));
        assertEquals(2, leaf.chain().length);

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(PKI.caCertificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
    }

    @Test
    void leafDoesNotChainToAnotherCa() {
        TestPki other = TestPki.create("Other CA");
        TestPki.Leaf leaf = other.issue("localhost");
        assertThrows(GeneralSecurityException.class, () -> leaf.certificate().verify(PKI.caCertificate().getPublicKey()));
        assertNotEquals(other.caCertificate(), PKI.caCertificate());
    }

    @Test
    void caPemRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        Path file = PKI.writeCaPem(dir.resolve("ca.pem"));
        X509Certificate read = TestPki.readPem(file);
        assertArrayEquals(PKI.caCertificate().getEncoded(), read.getEncoded());
    }
}
