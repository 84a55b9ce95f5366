package dev.trygr.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12PBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaStorageTest {

    @TempDir Path temp;

    private final CertificateAuthority ca = CertificateAuthority.generate("trygr CA storage test");

    @Test
    void saveWritesThreeFilesWithPrivateModes() throws Exception {
        Path dir = temp.resolve("home/.trygr");
        ca.save(dir, false);

        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve(CertificateAuthority.KEY_FILE)));
        assertEquals("rw-r--r--", mode(dir.resolve(CertificateAuthority.CERT_PEM_FILE)));
        assertArrayEquals(ca.certificate().getEncoded(),
                Files.readAllBytes(dir.resolve(CertificateAuthority.CERT_DER_FILE)));
        String key = Files.readString(dir.resolve(CertificateAuthority.KEY_FILE), StandardCharsets.US_ASCII);
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        String cert = Files.readString(dir.resolve(CertificateAuthority.CERT_PEM_FILE), StandardCharsets.US_ASCII);
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(!cert.contains("PRIVATE KEY"), "the certificate file holds no key");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void saveKeepsTheModeOfAnExistingDirectory() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        ca.save(dir, false);
        assertEquals("rwxr-x---", mode(dir));
        assertEquals("rw-------", mode(dir.resolve(CertificateAuthority.KEY_FILE)));
    }

    @Test
    void loadReturnsTheSavedCa() {
        ca.save(temp, false);
        CertificateAuthority loaded = CertificateAuthority.load(temp);
        assertEquals(ca, loaded);
        assertEquals(ca.fingerprintSha256(), loaded.fingerprintSha256());
    }

    @Test
    void saveRefusesToOverwriteUnlessForced() throws IOException {
        ca.save(temp, false);
        CertificateAuthority replacement = CertificateAuthority.generate("replacement");

        CaExistsException refused = assertThrows(CaExistsException.class, () -> replacement.save(temp, false));
        assertEquals(3, refused.existing().size());
        assertTrue(refused.getMessage().contains(CertificateAuthority.KEY_FILE), refused.getMessage());
        assertEquals(ca, CertificateAuthority.load(temp), "the old CA is untouched");

        replacement.save(temp, true);
        assertEquals(replacement, CertificateAuthority.load(temp));
        assertEquals("rw-------", mode(temp.resolve(CertificateAuthority.KEY_FILE)));
    }

    @Test
    void aSingleLeftoverFileAlsoBlocksSaving() throws IOException {
        Files.writeString(temp.resolve(CertificateAuthority.CERT_DER_FILE), "old");
        CaExistsException refused = assertThrows(CaExistsException.class, () -> ca.save(temp, false));
        assertEquals(List.of(temp.resolve(CertificateAuthority.CERT_DER_FILE)), refused.existing());
    }

    @Test
    void loadFromAnEmptyDirectoryTellsToRunCaInit() {
        CaNotFoundException missing = assertThrows(CaNotFoundException.class,
                () -> CertificateAuthority.load(temp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("trygr ca init"), missing.getMessage());
    }

    @Test
    void loadWithoutTheKeyNamesTheMissingFile() throws IOException {
        ca.save(temp, false);
        Files.delete(temp.resolve(CertificateAuthority.KEY_FILE));
        CaException incomplete = assertThrows(CaException.class, () -> CertificateAuthority.load(temp));
        assertTrue(!(incomplete instanceof CaNotFoundException));
        assertTrue(incomplete.getMessage().contains(CertificateAuthority.KEY_FILE), incomplete.getMessage());
    }

    @Test
    void loadOfMismatchedFilesIsRefused() {
        ca.save(temp, false);
        CertificateAuthority other = CertificateAuthority.generate("other");
        Path otherDir = temp.resolve("other");
        other.save(otherDir, false);
        copy(otherDir.resolve(CertificateAuthority.KEY_FILE), temp.resolve(CertificateAuthority.KEY_FILE));
        CaException mismatch = assertThrows(CaException.class, () -> CertificateAuthority.load(temp));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
    }

    @Test
    void loadOfGarbageIsACaException() throws IOException {
        ca.save(temp, false);
        Files.writeString(temp.resolve(CertificateAuthority.CERT_PEM_FILE),
                "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThrows(CaException.class, () -> CertificateAuthority.load(temp));
    }

    @Test
    void fromPemAcceptsATraditionalEcKey() throws Exception {
        Path cert = write("ca.pem", pem(ca.certificate()));
        // "EC PRIVATE KEY" as openssl writes it (RFC 5915, curve named in the [0] parameters)
        ECPrivateKey jdkKey = (ECPrivateKey) ca.privateKey();
        byte[] rfc5915 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, jdkKey.getS(), SECObjectIdentifiers.secp256r1)
                .getEncoded();
        String traditional = pem(new PemObject("EC PRIVATE KEY", rfc5915));
        CertificateAuthority imported = CertificateAuthority.fromPem(cert, write("key.pem", traditional));
        assertEquals(ca.certificate(), imported.certificate());
        assertEquals(jdkKey.getS(), ((ECPrivateKey) imported.privateKey()).getS());
    }

    @Test
    void fromPemAcceptsAPkcs8KeyAndACertificateBundle() throws Exception {
        CertificateAuthority other = CertificateAuthority.generate("other");
        Path bundle = write("bundle.pem", "# the CA comes first\n" + pem(ca.certificate()) + pem(other.certificate()));
        Path key = write("key.pem", PemCodec.encodePkcs8(ca.privateKey()));
        assertEquals(ca, CertificateAuthority.fromPem(bundle, key));
    }

    @Test
    void fromPemAcceptsAnRsaCaWithATraditionalKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        CertificateAuthority rsaCa = CertificateAuthority.generate("rsa CA", keys, Clock.systemUTC());
        assertEquals("SHA256withRSA", rsaCa.certificate().getSigAlgName());
        String traditional = pem(keys.getPrivate());
        assertTrue(traditional.startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        CertificateAuthority imported = CertificateAuthority.fromPem(write("rsa.pem", pem(rsaCa.certificate())),
                write("rsa-key.pem", traditional));
        assertEquals(rsaCa.certificate(), imported.certificate());

        X509Certificate leaf = new LeafForge(imported).forge("device.example");
        leaf.verify(imported.certificate().getPublicKey());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
    }

    @Test
    void fromPemRefusesANonCaCertificate() throws Exception {
        LeafForge forge = new LeafForge(ca);
        Path cert = write("leaf.pem", pem(forge.forge("device.example")));
        Path key = write("leaf-key.pem", PemCodec.encodePkcs8(forge.leafKey()));
        CaException refused = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(cert, key));
        assertTrue(refused.getMessage().contains("not a CA"), refused.getMessage());
    }

    @Test
    void fromPemRefusesAKeyOfAnotherCa() throws Exception {
        CertificateAuthority other = CertificateAuthority.generate("other");
        Path cert = write("ca.pem", pem(ca.certificate()));
        Path key = write("other-key.pem", PemCodec.encodePkcs8(other.privateKey()));
        CaException refused = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(cert, key));
        assertTrue(refused.getMessage().contains("does not belong"), refused.getMessage());
    }

    @Test
    void fromPemRefusesAnRsaKeyForAnEcCertificate() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path cert = write("ca.pem", pem(ca.certificate()));
        Path key = write("rsa-key.pem", pem(rsa.generateKeyPair().getPrivate()));
        CaException refused = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(cert, key));
        assertTrue(refused.getMessage().contains("does not belong"), refused.getMessage());
    }

    @Test
    void fromPemExplainsEncryptedKeys() throws Exception {
        Path cert = write("ca.pem", pem(ca.certificate()));
        PKCS8EncryptedPrivateKeyInfo pkcs8 = new PKCS8EncryptedPrivateKeyInfoBuilder(ca.privateKey().getEncoded())
                .build(new BcPKCS12PBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                        CBCBlockCipher.newInstance(new DESedeEngine())).build("pw".toCharArray()));
        // traditional OpenSSL encryption is announced in headers; the parser reports it before decrypting
        String traditional = pem(new PemObject("EC PRIVATE KEY",
                List.of(new PemHeader("Proc-Type", "4,ENCRYPTED"),
                        new PemHeader("DEK-Info", "AES-128-CBC,00112233445566778899AABBCCDDEEFF")),
                new byte[48]));
        for (String encrypted : List.of(pem(new PemObject("ENCRYPTED PRIVATE KEY", pkcs8.getEncoded())), traditional)) {
            Path key = write("enc.pem", encrypted);
            CaException refused = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(cert, key));
            assertTrue(refused.getMessage().contains("encrypted"), refused.getMessage());
        }
    }

    @Test
    void fromPemNamesMissingAndEmptyFiles() throws Exception {
        Path key = write("key.pem", PemCodec.encodePkcs8(ca.privateKey()));
        CaException missing = assertThrows(CaException.class,
                () -> CertificateAuthority.fromPem(temp.resolve("absent.pem"), key));
        assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
        Path empty = write("empty.pem", "nothing here\n");
        CaException none = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(empty, key));
        assertTrue(none.getMessage().contains("No PEM certificate"), none.getMessage());
        Path cert = write("ca.pem", pem(ca.certificate()));
        CaException noKey = assertThrows(CaException.class, () -> CertificateAuthority.fromPem(cert, cert));
        assertTrue(noKey.getMessage().contains("No PEM private key"), noKey.getMessage());
    }

    @Test
    void loadedCaForgesLeavesItsOwnCertificateVerifies() throws Exception {
        ca.save(temp, false);
        CertificateAuthority loaded = CertificateAuthority.load(temp);
        X509Certificate leaf = new LeafForge(loaded).forge("device.example");
        leaf.verify(ca.certificate().getPublicKey());
        PrivateKey key = loaded.privateKey();
        assertNotEquals(0, key.getEncoded().length);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** PEM as BouncyCastle writes it: a private key comes out in the traditional OpenSSL form. */
    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PemObjectGenerator generator) {
                writer.writeObject(generator);
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
