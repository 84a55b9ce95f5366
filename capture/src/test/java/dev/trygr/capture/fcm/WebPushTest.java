package dev.trygr.capture.fcm;

import dev.trygr.capture.fcm.WebPushDecryption.Decrypted;
import dev.trygr.capture.fcm.WebPushDecryption.Failed;
import dev.trygr.capture.fcm.WebPushDecryption.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WebPushTest {
    /*
     * Known-answer vectors, produced outside this code base by a throwaway Node v20.20.2 script (not kept in the
     * repo). The receiver keys and each sender key/salt come from crypto.createECDH('prime256v1') and
     * crypto.randomBytes. Vector A was derived independently of trygr with node:crypto only, following
     * ring-protocol.md §5.9: computeSecret, hkdfSync('sha256', shared, authSecret, "Content-Encoding: auth\0", 32),
     * hkdfSync for the 16-byte key and 12-byte nonce with the P-256 context, createCipheriv('aes-128-gcm'), one
     * record of u16be(3) || 000000 || plaintext; the script then checked that http_ece@1.2.1 (the library
     * push-receiver uses) decrypts it. Vectors B and C are http_ece@1.2.1 encrypt() output (version 'aesgcm') for
     * the fixed sender keys and salts below; the script printed the ciphertext's length and SHA-256 and checked that
     * http_ece decrypts it back. B spans four records with 5000 bytes of padding spread over them; C fills its first
     * record exactly, so http_ece appends an empty second record.
     */
    private static final String RECEIVER_PRIVATE = "fQS7ZNeCZMzvF2ixxgRJMg-oT4fBVwiZAWPjfzIP3So";
    private static final String RECEIVER_PUBLIC =
            "BFgiXTqDIYX91OdYfodVWC73pXEIn_TEAnMLfKYA9Pk8pTedvNwzjiTFgKVle-t5DNdzmQsiKHg_KGFbQJpfOKc";
    private static final String AUTH_SECRET = "-bj8TjnIyb6fO-tcHtwYxA";
    private static final WebPushKeys RECEIVER = WebPushKeys.fromBase64Url(RECEIVER_PRIVATE, RECEIVER_PUBLIC,
            AUTH_SECRET);

    private static final String A_CRYPTO_KEY =
            "dh=BFiFGg74P1dSFU6jhp3MHC45saLlUNwXzpVPZ5DYJDv-2isUo7Lwij-JFIRSKs71EJtyz7eyfvygYUEWyqDcz1c";
    private static final String A_ENCRYPTION = "salt=hbCtiKs6e1XJ8bF8sHwzhA";
    private static final String A_PLAINTEXT = "{\"data\":{\"version\":\"2.0.0\",\"android_config\":\"{\\\"category\\\""
            + ":\\\"com.ring.pn.live-event.ding\\\",\\\"body\\\":\\\"There is someone at your Front Door\\\"}\"},"
            + "\"from\":\"876313859327\",\"priority\":\"high\",\"fcmMessageId\":\"f1e2d3c4-0000-4000-8000-000000000001\"}";
    private static final String A_RAW_DATA = "EWDL6ZH9Yc_bcYgd6s0kku9sqLK9uatpPryq1B3CklFKT2tXqBEvQiEco4hMOwpvKhAs9U56nl"
            + "QsrSOLAQ6EsyMGYN5eZ3cift5LhaA68UtUviZLWW5WpRZSJRk-KRpX_zzlvdwDZBuswKpoLjxMNrFIWGkgCtpyGLWh6eVg0ijr8BxW8L9Q"
            + "5OBUNEvYA0V4ARx5EIj2dkNwSaxwl7c4jQTTdX_xrwWaOsPlJhQ391sB9O4Ze-edKtKqRZX5gF_GyQ_4h8fvWo8XRLKzrKo2K8g_P3lfVC"
            + "rwz1oOpGO6ZPlY9ZlzlHM5XprXy22WjVzZboY1v-dindxySW5vpbVz8Gkp";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static List<AppData> appData(String cryptoKey, String encryption) {
        return List.of(new AppData("crypto-key", cryptoKey), new AppData("encryption", encryption));
    }

    private static byte[] b64(String s) {
        return Base64Url.decode(s).orElseThrow();
    }

    /** {@code '{"data":"' + a..z repeated + '"}'} of length n, as the Node script builds it. */
    private static byte[] body(int n) {
        StringBuilder s = new StringBuilder("{\"data\":\"");
        for (int i = 0; i < n - 11; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decryptsTheIndependentlyDerivedVector() {
        WebPushDecryption d = WebPushDecryptor.decrypt(RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION), b64(A_RAW_DATA));
        assertEquals(new Decrypted(A_PLAINTEXT), d);
    }

    @Test
    void decryptsADataMessageStanza() {
        McsFrame.DataMessageStanza m = new McsFrame.DataMessageStanza("id", "876313859327", "", "org.chromium.linux",
                "", List.of(new AppData("subtype", "wp:x"), new AppData("encryption", A_ENCRYPTION),
                        new AppData("crypto-key", A_CRYPTO_KEY)),
                "0:1%2", 0, 0, b64(A_RAW_DATA), false);
        assertEquals(new Decrypted(A_PLAINTEXT), WebPushDecryptor.decrypt(RECEIVER, m));
    }

    static Stream<Arguments> httpEceVectors() {
        return Stream.of(
                arguments("B: four records, padding spread", "At1F5tjKNpXVHQG_eELTUDjwIe_VwwoMPAsN88MHFkI",
                        "BDvMjBdjhIrgPsRixZRdT4h3k7i3_T3hz1Pv5M8Lgi-ipU2_RGkGdoXx4kgM3Ry2IZ_z3vW1jxEjkzdimrvTA-U",
                        "AYLHzMrVmp0QsEfXBer5KA", 10000, 5000, 15072,
                        "8e6eeb3db2de8afe01572450fe818063c2f1e0bec14a025edd63e1b96ad9bf42"),
                arguments("C: full first record, empty last record", "C6yIv2YkTX7IiKs6nm2RqALZ3TGCUYam14pgqBrKWms",
                        "BM2A1c2_c0gzl5DZ58u6Oe1NO5gZHAXs2smKxYWOCpIJQoTMagcizX7WAlcAcYTakZ8OkGXAHp4zqWYBlvKijOc",
                        "9tWicVCgRZ4jNGdcFoDV-w", 4094, 0, 4130,
                        "b58198640cf05026d802f107584ac88117856dd3750b0ca8ceba0539fb71069c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpEceVectors")
    void encryptsExactlyAsHttpEceAndDecryptsBack(String name, String senderPrivate, String senderPublic, String salt,
            int length, int pad, int ciphertextLength, String sha256) throws Exception {
        WebPushEncryptor.Ephemeral sender = new WebPushEncryptor.Ephemeral(b64(senderPrivate), b64(senderPublic),
                b64(salt));
        byte[] plaintext = body(length);
        WebPushMessage m = WebPushEncryptor.encrypt(RECEIVER.publicKey(), RECEIVER.authSecret(), plaintext, sender, pad);
        assertEquals(ciphertextLength, m.rawData().length);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.rawData())));
        assertEquals("dh=" + senderPublic, m.cryptoKey());
        assertEquals("salt=" + salt, m.encryption());
        assertEquals(new Decrypted(new String(plaintext, StandardCharsets.US_ASCII)),
                WebPushDecryptor.decrypt(RECEIVER, m.appData(), m.rawData()));
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                arguments(0, 0), arguments(1, 0), arguments(300, 3), arguments(4093, 0), arguments(4094, 0),
                arguments(4095, 0), arguments(4094 * 2, 0), arguments(10000, 0), arguments(10, 4093),
                arguments(10, 4094), arguments(5000, 9000), arguments(0, 5));
    }

    @ParameterizedTest(name = "{0} bytes, {1} padding")
    @MethodSource("roundTrips")
    void roundTrips(int length, int pad) {
        WebPushKeys receiver = WebPushKeys.generate(RANDOM);
        String text = "é".repeat(length / 2) + "x".repeat(length % 2);
        WebPushMessage m = WebPushEncryptor.encrypt(receiver.publicKey(), receiver.authSecret(),
                text.getBytes(StandardCharsets.UTF_8), WebPushEncryptor.Ephemeral.generate(RANDOM), pad);
        int records = m.rawData().length / 4112 + 1;
        assertEquals(new Decrypted(text), WebPushDecryptor.decrypt(receiver, m.appData(), m.rawData()),
                records + " records");
    }

    @Test
    void randomEncryptionUsesFreshKeysEachTime() {
        byte[] plain = "{}".getBytes(StandardCharsets.UTF_8);
        WebPushMessage a = WebPushEncryptor.encrypt(RECEIVER.publicKey(), RECEIVER.authSecret(), plain, RANDOM);
        WebPushMessage b = WebPushEncryptor.encrypt(RECEIVER.publicKey(), RECEIVER.authSecret(), plain, RANDOM);
        assertFalse(a.cryptoKey().equals(b.cryptoKey()));
        assertFalse(a.encryption().equals(b.encryption()));
        assertEquals(new Decrypted("{}"), WebPushDecryptor.decrypt(RECEIVER, a.appData(), a.rawData()));
    }

    static Stream<Arguments> failures() {
        byte[] raw = b64(A_RAW_DATA);
        byte[] tamperedFirst = raw.clone();
        tamperedFirst[0] ^= 1;
        byte[] tamperedTag = raw.clone();
        tamperedTag[raw.length - 1] ^= (byte) 0x80;
        WebPushKeys wrongAuth = new WebPushKeys(RECEIVER.privateKey(), RECEIVER.publicKey(), new byte[16]);
        WebPushKeys otherReceiver = WebPushKeys.generate(RANDOM);
        String notOnCurve = Base64Url.encode(withByte(b64(A_CRYPTO_KEY.substring(3)), 64, 0x55));
        return Stream.of(
                arguments("wrong auth secret", wrongAuth, appData(A_CRYPTO_KEY, A_ENCRYPTION), raw,
                        Failure.AUTH_TAG_MISMATCH),
                arguments("other receiver's keys", otherReceiver, appData(A_CRYPTO_KEY, A_ENCRYPTION), raw,
                        Failure.AUTH_TAG_MISMATCH),
                arguments("tampered ciphertext", RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION), tamperedFirst,
                        Failure.AUTH_TAG_MISMATCH),
                arguments("tampered tag", RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION), tamperedTag,
                        Failure.AUTH_TAG_MISMATCH),
                arguments("other salt", RECEIVER, appData(A_CRYPTO_KEY, "salt=AAAAAAAAAAAAAAAAAAAAAA"), raw,
                        Failure.AUTH_TAG_MISMATCH),
                arguments("missing crypto-key", RECEIVER, List.of(new AppData("encryption", A_ENCRYPTION)), raw,
                        Failure.MISSING_CRYPTO_KEY),
                arguments("crypto-key is case-sensitive, as in push-receiver", RECEIVER,
                        List.of(new AppData("Crypto-Key", A_CRYPTO_KEY), new AppData("encryption", A_ENCRYPTION)), raw,
                        Failure.MISSING_CRYPTO_KEY),
                arguments("missing encryption", RECEIVER, List.of(new AppData("crypto-key", A_CRYPTO_KEY)), raw,
                        Failure.MISSING_ENCRYPTION),
                arguments("crypto-key without dh", RECEIVER, appData("p256ecdsa=abc", A_ENCRYPTION), raw,
                        Failure.MISSING_DH),
                arguments("dh not base64", RECEIVER, appData("dh=***", A_ENCRYPTION), raw, Failure.BAD_DH),
                arguments("dh too short", RECEIVER, appData("dh=BAAA", A_ENCRYPTION), raw, Failure.BAD_DH),
                arguments("dh not on the curve", RECEIVER, appData("dh=" + notOnCurve, A_ENCRYPTION), raw,
                        Failure.BAD_DH),
                arguments("encryption without salt", RECEIVER, appData(A_CRYPTO_KEY, "rs=4096"), raw,
                        Failure.MISSING_SALT),
                arguments("salt of 15 bytes", RECEIVER, appData(A_CRYPTO_KEY, "salt=AAAAAAAAAAAAAAAAAAAA"), raw,
                        Failure.BAD_SALT),
                arguments("salt not base64", RECEIVER, appData(A_CRYPTO_KEY, "salt=!!"), raw, Failure.BAD_SALT),
                arguments("no raw data", RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION), new byte[0],
                        Failure.MISSING_RAW_DATA),
                arguments("record of only a tag", RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION),
                        Arrays.copyOf(raw, 16), Failure.TRUNCATED),
                arguments("truncated record", RECEIVER, appData(A_CRYPTO_KEY, A_ENCRYPTION),
                        Arrays.copyOf(raw, raw.length - 1), Failure.AUTH_TAG_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsWithATypedReason(String name, WebPushKeys keys, List<AppData> appData, byte[] raw, Failure failure) {
        WebPushDecryption d = WebPushDecryptor.decrypt(keys, appData, raw);
        Failed f = assertInstanceOf(Failed.class, d, name);
        assertEquals(failure, f.failure(), f.detail());
        assertFalse(d.decrypted());
    }

    @Test
    void aFinalRecordOfFullSizeIsTruncation() {
        WebPushKeys r = WebPushKeys.generate(RANDOM);
        WebPushMessage m = WebPushEncryptor.encrypt(r.publicKey(), r.authSecret(), body(4094),
                WebPushEncryptor.Ephemeral.generate(RANDOM), 0);
        assertEquals(4112 + 18, m.rawData().length);
        Failed f = assertInstanceOf(Failed.class,
                WebPushDecryptor.decrypt(r, m.appData(), Arrays.copyOf(m.rawData(), 4112)));
        assertEquals(Failure.TRUNCATED, f.failure());
    }

    static Stream<Arguments> records() {
        return Stream.of(
                arguments("padding length beyond the record", HexFormat.of().parseHex("0005" + "0000" + "41"),
                        Failure.BAD_PADDING),
                arguments("non-zero padding", HexFormat.of().parseHex("0002" + "0001" + "41"), Failure.BAD_PADDING),
                arguments("no room for a padding length", HexFormat.of().parseHex("00"), Failure.BAD_PADDING),
                arguments("not UTF-8", HexFormat.of().parseHex("0000" + "c328"), Failure.NOT_UTF8),
                arguments("padding of 2 then data", HexFormat.of().parseHex("0002" + "0000" + "7b7d"), null),
                arguments("only padding", HexFormat.of().parseHex("0003" + "000000"), null));
    }

    /** Seals a hand-made record plaintext with the shared derivation, to reach the checks after AES-GCM. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void checksThePaddingOfEachRecord(String name, byte[] recordPlaintext, Failure failure) throws Exception {
        WebPushEncryptor.Ephemeral sender = WebPushEncryptor.Ephemeral.generate(RANDOM);
        byte[] shared = P256.sharedSecret(P256.privateKey(sender.privateKey()), P256.publicKey(RECEIVER.publicKey()));
        AesGcmKeys keys = AesGcmKeys.derive(shared, RECEIVER.authSecret(), sender.salt(), RECEIVER.publicKey(),
                sender.publicKey());
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.aesKey(), new GCMParameterSpec(128, keys.recordNonce(0)));
        byte[] raw = c.doFinal(recordPlaintext);
        WebPushDecryption d = WebPushDecryptor.decrypt(RECEIVER,
                appData("dh=" + Base64Url.encode(sender.publicKey()), "salt=" + Base64Url.encode(sender.salt())), raw);
        if (failure == null) {
            assertInstanceOf(Decrypted.class, d);
        } else {
            assertEquals(failure, assertInstanceOf(Failed.class, d).failure());
        }
    }

    @Test
    void recordNonceXorsTheIndexIntoTheLastSixBytes() {
        AesGcmKeys k = new AesGcmKeys(new byte[16], HexFormat.of().parseHex("000102030405060708090a0b"));
        assertEquals("000102030405060708090a0b", HexFormat.of().formatHex(k.recordNonce(0)));
        assertEquals("000102030405060708090a0a", HexFormat.of().formatHex(k.recordNonce(1)));
        assertEquals("000102030405060708090b0b", HexFormat.of().formatHex(k.recordNonce(256)));
        assertEquals("000102030405000000000000", HexFormat.of().formatHex(k.recordNonce(0x060708090a0bL)));
        assertEquals("000102030405060708090a0b", HexFormat.of().formatHex(k.recordNonce(1L << 48)),
                "only 48 bits of the index reach the nonce");
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HexFormat.of().formatHex(AesGcmKeys.hkdf(salt, ikm, info, 42)));
    }

    static Stream<Arguments> params() {
        return Stream.of(
                arguments("dh=abc", Map.of("dh", "abc")),
                arguments("dh=abc; p256ecdsa=xyz", Map.of("dh", "abc", "p256ecdsa", "xyz")),
                arguments("keyid=p256dh;dh=abc", Map.of("keyid", "p256dh", "dh", "abc")),
                arguments("DH=\"abc\"", Map.of("dh", "abc")),
                arguments("salt=abc, rs=4096", Map.of("salt", "abc", "rs", "4096")),
                arguments("dh=first;dh=second", Map.of("dh", "first")),
                arguments("dh=a=b", Map.of("dh", "a=b")),
                arguments("junk; =x; ;", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void parsesHeaderParameters(String value, Map<String, String> expected) {
        assertEquals(expected, WebPushDecryptor.params(value));
    }

    @Test
    void keysAcceptEitherBase64AlphabetAndRejectBadInputWithoutEchoingIt() {
        String stdPadded = java.util.Base64.getEncoder().encodeToString(b64(RECEIVER_PRIVATE));
        assertEquals(RECEIVER, WebPushKeys.fromBase64Url(stdPadded, RECEIVER_PUBLIC, AUTH_SECRET));
        assertEquals(RECEIVER_PRIVATE, RECEIVER.privateKeyBase64Url());
        assertEquals(AUTH_SECRET, RECEIVER.authSecretBase64Url());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> WebPushKeys.fromBase64Url(RECEIVER_PRIVATE, RECEIVER_PUBLIC, null));
        assertEquals("authSecret is missing", missing.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> WebPushKeys.fromBase64Url("s3cr3t!!", RECEIVER_PUBLIC, AUTH_SECRET));
        assertEquals("privateKey is not base64url", notBase64.getMessage());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> WebPushKeys.fromBase64Url(RECEIVER_PRIVATE.substring(4), RECEIVER_PUBLIC, AUTH_SECRET));
        assertFalse(shortKey.getMessage().contains(RECEIVER_PRIVATE.substring(4)));
        assertThrows(IllegalArgumentException.class, () -> WebPushKeys.fromBase64Url(RECEIVER_PRIVATE,
                Base64Url.encode(withByte(b64(RECEIVER_PUBLIC), 64, 0)), AUTH_SECRET));
    }

    @Test
    void toStringNeverPrintsPrivateKeysOrAuthSecrets() {
        String keys = RECEIVER.toString();
        assertFalse(keys.contains(RECEIVER_PRIVATE), keys);
        assertFalse(keys.contains(AUTH_SECRET), keys);
        assertTrue(keys.contains(RECEIVER_PUBLIC), keys);
        WebPushEncryptor.Ephemeral e = WebPushEncryptor.Ephemeral.generate(RANDOM);
        assertFalse(e.toString().contains(Base64Url.encode(e.privateKey())), e.toString());
        assertTrue(new Failed(Failure.BAD_DH, "x").toString().contains("BAD_DH"));
    }

    @Test
    void generatedKeysHaveTheWebPushSizes() {
        WebPushKeys k = WebPushKeys.generate(RANDOM);
        assertEquals(32, k.privateKey().length);
        assertEquals(65, k.publicKey().length);
        assertEquals(16, k.authSecret().length);
        byte[] pub = k.publicKey();
        pub[0] = 0;
        assertArrayEquals(k.publicKey(), WebPushKeys.fromBase64Url(k.privateKeyBase64Url(), k.publicKeyBase64Url(),
                k.authSecretBase64Url()).publicKey(), "arrays are copied");
    }

    private static byte[] withByte(byte[] b, int index, int value) {
        byte[] out = b.clone();
        out[index] = (byte) value;
        return out;
    }
}
