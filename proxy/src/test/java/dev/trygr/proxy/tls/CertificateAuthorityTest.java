package dev.trygr.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final CertificateAuthority ca = CertificateAuthority.generate("trygr CA test",
            CertificateAuthority.newEcKeyPair(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void caIsEcP256SignedWithSha256AndNamedAsAsked() {
        X509Certificate cert = ca.certificate();
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getOrder().bitLength());
        assertEquals(new X500Principal("CN=trygr CA test, O=trygr"), cert.getSubjectX500Principal());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(3, cert.getVersion());
    }

    @Test
    void caIsBackdatedTwoDaysAndValidForTenYears() {
        X509Certificate cert = ca.certificate();
        assertEquals(NOW.minus(Duration.ofDays(2)), cert.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(3650)), cert.getNotAfter().toInstant());
    }

    @Test
    void caExtensionsAreMarkedAsSpecified() {
        X509Certificate cert = ca.certificate();
        // BasicConstraints CA:true, pathLen 0, critical; KeyUsage critical; SKI non-critical
        assertEquals(0, cert.getBasicConstraints());
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.14"), cert.getNonCriticalExtensionOIDs());
        boolean[] usage = cert.getKeyUsage();
        for (int bit = 0; bit < usage.length; bit++) {
            boolean expected = bit == 5 || bit == 6; // keyCertSign, cRLSign
            assertEquals(expected, usage[bit], "key usage bit " + bit);
        }
        assertEquals(20, ca.keyIdentifier().length, "SHA-1 key identifier");
    }

    @Test
    void caSignatureVerifiesWithItsOwnKey() throws Exception {
        ca.certificate().verify(ca.certificate().getPublicKey());
        ca.certificate().checkValidity();
    }

    @Test
    void serialIsPositiveSixteenBytesAndRandom() {
        CertificateAuthority other = CertificateAuthority.generate("trygr CA test");
        assertEquals(16, ca.certificate().getSerialNumber().toByteArray().length);
        assertEquals(1, ca.certificate().getSerialNumber().signum());
        assertNotEquals(ca.certificate().getSerialNumber(), other.certificate().getSerialNumber());
    }

    @Test
    void defaultNameCarriesARandomIdAndTheHostName() {
        String a = CertificateAuthority.defaultCommonName();
        String b = CertificateAuthority.defaultCommonName();
        assertTrue(a.matches("trygr CA [0-9a-f]{8} \\(.+\\)"), a);
        assertTrue(a.length() <= 64, a);
        assertNotEquals(a, b);
        CertificateAuthority generated = CertificateAuthority.generate();
        assertTrue(generated.certificate().getSubjectX500Principal().getName().startsWith("CN=trygr CA "));
    }

    @Test
    void commonNameMustFit() {
        assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.generate(" "));
        assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.generate("x".repeat(65)));
    }

    @Test
    void fingerprintIsOpensslStyle() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.certificate().getEncoded());
        String fingerprint = ca.fingerprintSha256();
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
        assertArrayEquals(digest, HexFormat.ofDelimiter(":").parseHex(fingerprint));
    }

    @Test
    void toStringNamesTheCaButNotTheKey() {
        String text = ca.toString();
        assertTrue(text.contains("CN=trygr CA test"), text);
        assertTrue(text.contains(ca.fingerprintSha256()), text);
        assertFalse(text.contains(HexFormat.of().formatHex(ca.privateKey().getEncoded())));
    }

    @Test
    void exportPemParsesBackToTheCertificate() throws Exception {
        byte[] pem = ca.export(ExportFormat.PEM, null);
        String text = new String(pem, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("-----BEGIN CERTIFICATE-----"), text);
        assertEquals(ca.certificate(), parse(pem));
    }

    @Test
    void exportDerParsesBackToTheCertificate() throws Exception {
        byte[] der = ca.export(ExportFormat.DER, null);
        assertArrayEquals(ca.certificate().getEncoded(), der);
        assertEquals(ca.certificate(), parse(der));
    }

    @Test
    void exportP12HoldsTheCertificateAsATrustedEntryWithoutKey() throws Exception {
        for (char[] password : new char[][] {null, new char[0], "s3cret".toCharArray()}) {
            byte[] p12 = ca.export(ExportFormat.P12, password);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(p12), password == null ? new char[0] : password);
            assertEquals(1, store.size());
            String alias = Collections.list(store.aliases()).get(0);
            assertTrue(store.isCertificateEntry(alias), "trusted certificate entry");
            assertFalse(store.isKeyEntry(alias));
            assertEquals(ca.certificate(), store.getCertificate(alias));
        }
    }

    @Test
    void exportP12IsProtectedByTheGivenPassword() {
        byte[] p12 = ca.export(ExportFormat.P12, "s3cret".toCharArray());
        assertThrows(Exception.class, () -> KeyStore.getInstance("PKCS12")
                .load(new ByteArrayInputStream(p12), "wrong".toCharArray()));
    }

    @Test
    void constructorRefusesANonCaAndAForeignKey() {
        LeafForge forge = new LeafForge(ca);
        X509Certificate leaf = forge.forge("device.example");
        CaException notCa = assertThrows(CaException.class, () -> new CertificateAuthority(leaf, forge.leafKey()));
        assertTrue(notCa.getMessage().contains("not a CA"), notCa.getMessage());
        CertificateAuthority other = CertificateAuthority.generate("other");
        CaException foreign = assertThrows(CaException.class,
                () -> new CertificateAuthority(ca.certificate(), other.privateKey()));
        assertTrue(foreign.getMessage().contains("does not belong"), foreign.getMessage());
        assertNotNull(notCa.getMessage());
    }

    private static Certificate parse(byte[] encoded) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
    }
}
