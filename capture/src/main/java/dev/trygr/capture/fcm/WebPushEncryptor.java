package dev.trygr.capture.fcm;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The inverse of {@link WebPushDecryptor}: encrypts a payload for a push receiver as an FCM sender does
 * ({@code aesgcm}, records of 4096 bytes, padding laid out as http_ece 1.2 lays it out). For tests and for the
 * Ring-cloud simulator.
 */
public final class WebPushEncryptor {
    private WebPushEncryptor() {
    }

    /**
     * The per-message randomness of the sender: an ephemeral P-256 key pair and a 16-byte salt. The private key is
     * a secret: {@code toString} never prints it.
     */
    public record Ephemeral(byte[] privateKey, byte[] publicKey, byte[] salt) {
        public Ephemeral {
            P256.privateKey(privateKey);
            P256.publicKey(publicKey);
            if (salt.length != AesGcmKeys.SALT_LENGTH) {
                throw new IllegalArgumentException("salt must be 16 bytes, got " + salt.length);
            }
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
            salt = salt.clone();
        }

        public static Ephemeral generate(SecureRandom random) {
            byte[][] pair = P256.generate(random);
            byte[] salt = new byte[AesGcmKeys.SALT_LENGTH];
            random.nextBytes(salt);
            return new Ephemeral(pair[0], pair[1], salt);
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ephemeral e && Arrays.equals(privateKey, e.privateKey)
                    && Arrays.equals(publicKey, e.publicKey) && Arrays.equals(salt, e.salt);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "Ephemeral[publicKey=" + Base64Url.encode(publicKey) + ", privateKey=<redacted>, salt="
                    + Base64Url.encode(salt) + "]";
        }
    }

    /** Encrypts for the receiver with a fresh ephemeral key and salt, no padding. */
    public static WebPushMessage encrypt(byte[] receiverPublicKey, byte[] authSecret, byte[] plaintext,
            SecureRandom random) {
        return encrypt(receiverPublicKey, authSecret, plaintext, Ephemeral.generate(random), 0);
    }

    /**
     * Encrypts for the receiver with the given ephemeral key and salt, adding {@code padLength} zero bytes of
     * padding (spread over records as http_ece does: at most 4093 per record, each record keeping a data byte).
     */
    public static WebPushMessage encrypt(byte[] receiverPublicKey, byte[] authSecret, byte[] plaintext,
            Ephemeral sender, int padLength) {
        if (padLength < 0) {
            throw new IllegalArgumentException("padLength < 0: " + padLength);
        }
        byte[] shared = P256.sharedSecret(P256.privateKey(sender.privateKey()), P256.publicKey(receiverPublicKey));
        AesGcmKeys keys = AesGcmKeys.derive(shared, authSecret, sender.salt(), receiverPublicKey, sender.publicKey());
        byte[] ciphertext = encryptRecords(keys, plaintext, padLength);
        return new WebPushMessage("dh=" + Base64Url.encode(sender.publicKey()),
                "salt=" + Base64Url.encode(sender.salt()), ciphertext);
    }

    private static byte[] encryptRecords(AesGcmKeys keys, byte[] plaintext, int padLength) {
        int rs = AesGcmKeys.RECORD_SIZE;
        int overhead = AesGcmKeys.PAD_LENGTH_SIZE;
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + padLength + 64);
        int pad = padLength;
        long start = 0;
        boolean last = false;
        for (long index = 0; !last; index++) {
            int recordPad = Math.min(rs - overhead - 1, pad);
            pad -= recordPad;
            long end = start + rs - overhead - recordPad;
            // ">" rather than ">=": a plaintext that fills its last record exactly gets an empty final record
            last = end > plaintext.length && pad <= 0;
            int from = (int) Math.min(start, plaintext.length);
            int to = (int) Math.min(end, plaintext.length);
            byte[] record = new byte[overhead + recordPad + (to - from)];
            record[0] = (byte) (recordPad >>> 8);
            record[1] = (byte) recordPad;
            System.arraycopy(plaintext, from, record, overhead + recordPad, to - from);
            out.writeBytes(seal(keys, index, record));
            start = end;
        }
        return out.toByteArray();
    }

    private static byte[] seal(AesGcmKeys keys, long index, byte[] record) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.aesKey(),
                    new GCMParameterSpec(AesGcmKeys.TAG_LENGTH * 8, keys.recordNonce(index)));
            return c.doFinal(record);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is always available", e);
        }
    }
}
