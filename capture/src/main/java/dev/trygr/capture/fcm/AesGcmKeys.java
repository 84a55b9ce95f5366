package dev.trygr.capture.fcm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The content key and base nonce of one Web Push {@code aesgcm} message (draft-ietf-webpush-encryption-03, as
 * http_ece 1.2 and push-receiver do it; ring-protocol.md §5.9), and the record layout both directions share. The
 * one place the derivation lives: the decryptor and the encryptor both call {@link #derive}.
 */
record AesGcmKeys(byte[] contentKey, byte[] nonce) {
    /** Record size: push-receiver never reads {@code rs} from the header, so it is always the default. */
    static final int RECORD_SIZE = 4096;
    static final int TAG_LENGTH = 16;
    static final int PAD_LENGTH_SIZE = 2;
    static final int SALT_LENGTH = 16;
    private static final int KEY_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int SHA256_LENGTH = 32;

    /**
     * Derives the keys from the ECDH shared secret. {@code receiverPublicKey} is the push receiver's key (the
     * {@code p256dh} it registered), {@code senderPublicKey} the sender's ephemeral key (the {@code dh} parameter).
     */
    static AesGcmKeys derive(byte[] sharedSecret, byte[] authSecret, byte[] salt, byte[] receiverPublicKey,
            byte[] senderPublicKey) {
        byte[] context = context(receiverPublicKey, senderPublicKey);
        byte[] ikm = hkdf(authSecret, sharedSecret, info("auth", new byte[0]), SHA256_LENGTH);
        byte[] prk = hmac(salt, ikm);
        byte[] key = expand(prk, info("aesgcm", context), KEY_LENGTH);
        byte[] nonce = expand(prk, info("nonce", context), NONCE_LENGTH);
        return new AesGcmKeys(key, nonce);
    }

    /** The nonce of record {@code index}: the base nonce with its last 6 bytes XORed with the index. */
    byte[] recordNonce(long index) {
        byte[] n = nonce.clone();
        for (int i = 0; i < 6; i++) {
            n[NONCE_LENGTH - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return n;
    }

    SecretKeySpec aesKey() {
        return new SecretKeySpec(contentKey, "AES");
    }

    /** {@code "P-256" 0x00 || u16be(65) || receiver || u16be(65) || sender}. */
    private static byte[] context(byte[] receiver, byte[] sender) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(5 + 1 + 2 + receiver.length + 2 + sender.length);
        out.writeBytes("P-256".getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        lengthPrefixed(out, receiver);
        lengthPrefixed(out, sender);
        return out.toByteArray();
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    /** {@code "Content-Encoding: " + base + "\0" || context}. */
    private static byte[] info(String base, byte[] context) {
        byte[] label = ("Content-Encoding: " + base + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(label, label.length + context.length);
        System.arraycopy(context, 0, out, label.length, context.length);
        return out;
    }

    /** HKDF-SHA256 (RFC 5869): extract then expand. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(hmac(salt, ikm), info, length);
    }

    /** HKDF-Expand with HMAC-SHA256, for {@code length} up to 255 * 32. */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * SHA256_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int filled = 0;
        for (int i = 1; filled < length; i++) {
            byte[] input = new byte[t.length + info.length + 1];
            System.arraycopy(t, 0, input, 0, t.length);
            System.arraycopy(info, 0, input, t.length, info.length);
            input[input.length - 1] = (byte) i;
            t = hmac(prk, input);
            int n = Math.min(t.length, length - filled);
            System.arraycopy(t, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[SHA256_LENGTH] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "AesGcmKeys[<redacted>]";
    }
}
