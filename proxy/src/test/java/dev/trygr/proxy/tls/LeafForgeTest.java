package dev.trygr.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeafForgeTest {

    private static final CertificateAuthority CA = CertificateAuthority.generate("trygr CA leaf test");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final LeafForge forge = new LeafForge(CA);

    @Test
    void chainValidatesWithPkixAgainstTheCa() throws Exception {
        X509Certificate leaf = forge.forge("device.example");
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters); // throws if invalid
    }

    @Test
    void chainIsTrustedByTheJdkTrustManagerForEcdheEcdsa() throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        trust.checkServerTrusted(new X509Certificate[] {forge.forge("device.example"), CA.certificate()},
                "ECDHE_ECDSA");
        trust.checkServerTrusted(new X509Certificate[] {forge.forge("10.0.0.1")}, "ECDHE_ECDSA");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "device.example,    2, device.example",
            "Device.EXAMPLE.,   2, device.example",
            "hardware_id.ring.com, 2, hardware_id.ring.com",
            "bücher.example,    2, xn--bcher-kva.example",
            "10.0.0.1,          7, 10.0.0.1",
            "::1,               7, 0:0:0:0:0:0:0:1",
            "[::1],             7, 0:0:0:0:0:0:0:1",
            "[2001:db8::abcd],  7, 2001:db8:0:0:0:0:0:abcd",
    })
    void subjectAlternativeNameIsDnsForNamesAndIpForLiterals(String host, int type, String value) throws Exception {
        X509Certificate leaf = forge.forge(host);
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        assertEquals(1, sans.size());
        List<?> san = sans.iterator().next();
        assertEquals(type, san.get(0), "GeneralName type (2 dNSName, 7 iPAddress)");
        if (type == 7) {
            assertEquals(InetAddress.getByName(value), InetAddress.getByName((String) san.get(1)));
        } else {
            assertEquals(value, san.get(1));
        }
        assertFalse(leaf.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
    }

    @Test
    void commonNameIsTheHostWhenItFits() {
        assertEquals(new X500Principal("CN=device.example"), forge.forge("device.example").getSubjectX500Principal());
        assertEquals(new X500Principal("CN=::1"), forge.forge("[::1]").getSubjectX500Principal());
    }

    @Test
    void longHostsGetAnEmptySubjectAndACriticalSan() throws Exception {
        String host = "a".repeat(60) + ".example"; // 68 characters, a valid name
        X509Certificate leaf = forge.forge(host);
        assertEquals("", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
        assertEquals(host, leaf.getSubjectAlternativeNames().iterator().next().get(1));
    }

    @Test
    void extensionsAndCriticalityAreAsSpecified() throws Exception {
        X509Certificate leaf = forge.forge("device.example");
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        boolean[] usage = leaf.getKeyUsage();
        for (int bit = 0; bit < usage.length; bit++) {
            assertEquals(bit == 0, usage[bit], "only digitalSignature, bit " + bit);
        }
        assertEquals(-1, leaf.getBasicConstraints(), "CA:false");
        assertEquals(Set.of("2.5.29.15", "2.5.29.19"), leaf.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.37", "2.5.29.17", "2.5.29.35"), leaf.getNonCriticalExtensionOIDs());
        assertEquals(CA.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", leaf.getSigAlgName());
    }

    @Test
    void authorityKeyIdentifierIsTheCaSubjectKeyIdentifierAndTheLeafHasNoSki() {
        X509Certificate leaf = forge.forge("device.example");
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                        .getOctets());
        assertArrayEquals(CA.keyIdentifier(), aki.getKeyIdentifier());
        assertNull(aki.getAuthorityCertIssuer(), "keyIdentifier only");
        assertNull(aki.getAuthorityCertSerialNumber(), "keyIdentifier only");
        assertNull(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId()));
    }

    @Test
    void serialsArePositiveSixteenBytesAndDifferent() {
        X509Certificate a = forge.forge("device.example");
        X509Certificate b = forge.forge("device.example");
        for (X509Certificate leaf : List.of(a, b)) {
            assertEquals(16, leaf.getSerialNumber().toByteArray().length);
            assertEquals(1, leaf.getSerialNumber().signum());
        }
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
    }

    @Test
    void lifetimeIsUnderTwoHundredDaysAndBackdatedTwoDays() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        X509Certificate leaf = new LeafForge(CA, Clock.fixed(now, ZoneOffset.UTC)).forge("device.example");
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        assertEquals(now.minus(Duration.ofDays(2)), notBefore);
        assertEquals(Duration.ofDays(199), Duration.between(notBefore, notAfter));
        assertTrue(Duration.between(notBefore, notAfter).compareTo(Duration.ofDays(200)) < 0);
    }

    @Test
    void everyLeafCarriesTheSameKeyAndItIsNotTheCaKey() {
        X509Certificate a = forge.forge("a.example");
        X509Certificate b = forge.forge("10.0.0.1");
        assertEquals(a.getPublicKey(), b.getPublicKey());
        assertEquals(forge.leafPublicKey(), a.getPublicKey());
        assertNotEquals(CA.certificate().getPublicKey(), a.getPublicKey());
        assertEquals("EC", forge.leafKey().getAlgorithm());
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'  '", "'bad host'", "'a..b/c'", "'[]'"})
    void invalidHostsAreRefused(String host) {
        assertThrows(IllegalArgumentException.class, () -> forge.forge(host));
    }

    @Test
    void nullHostIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> forge.forge(null));
    }

    @Test
    void forgingIsThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Set<java.math.BigInteger> serials = ConcurrentHashMap.newKeySet();
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String host = "h" + i + ".example";
                futures.add(pool.submit(() -> {
                    X509Certificate leaf = forge.forge(host);
                    leaf.verify(CA.certificate().getPublicKey());
                    serials.add(leaf.getSerialNumber());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            assertEquals(200, serials.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
