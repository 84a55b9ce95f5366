package dev.trygr.capture.fcm;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A push receiver's Web Push keys, as push-receiver keeps them in {@code pnc.keys}: the P-256 private scalar
 * (32 bytes), the uncompressed public point (65 bytes, registered as {@code p256dh}) and the auth secret (16 bytes,
 * registered as {@code auth}). The private key and the auth secret are secrets: {@code toString} never prints them.
 */
public record WebPushKeys(byte[] privateKey, byte[] publicKey, byte[] authSecret) {
    public static final int AUTH_SECRET_LENGTH = 16;

    /** Checks the sizes and that the public key is a point on P-256; copies the arrays. */
    public WebPushKeys {
        if (privateKey.length != P256.PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("privateKey must be 32 bytes, got " + privateKey.length);
        }
        if (authSecret.length != AUTH_SECRET_LENGTH) {
            throw new IllegalArgumentException("authSecret must be 16 bytes, got " + authSecret.length);
        }
        P256.publicKey(publicKey);
        P256.privateKey(privateKey);
        privateKey = privateKey.clone();
        publicKey = publicKey.clone();
        authSecret = authSecret.clone();
    }

    /**
     * Keys from push-receiver's base64url strings. Throws IllegalArgumentException naming the key that is missing
     * or malformed (never its value).
     */
    public static WebPushKeys fromBase64Url(String privateKey, String publicKey, String authSecret) {
        return new WebPushKeys(decode("privateKey", privateKey), decode("publicKey", publicKey),
                decode("authSecret", authSecret));
    }

    /** New random keys, as push-receiver's {@code createKeys} makes them. */
    public static WebPushKeys generate(SecureRandom random) {
        byte[][] pair = P256.generate(random);
        byte[] auth = new byte[AUTH_SECRET_LENGTH];
        random.nextBytes(auth);
        return new WebPushKeys(pair[0], pair[1], auth);
    }

    private static byte[] decode(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return Base64Url.decode(value)
                .orElseThrow(() -> new IllegalArgumentException(name + " is not base64url"));
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
    public byte[] authSecret() {
        return authSecret.clone();
    }

    public String privateKeyBase64Url() {
        return Base64Url.encode(privateKey);
    }

    public String publicKeyBase64Url() {
        return Base64Url.encode(publicKey);
    }

    public String authSecretBase64Url() {
        return Base64Url.encode(authSecret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebPushKeys k && Arrays.equals(privateKey, k.privateKey)
                && Arrays.equals(publicKey, k.publicKey) && Arrays.equals(authSecret, k.authSecret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "WebPushKeys[publicKey=" + publicKeyBase64Url() + ", privateKey=<redacted>, authSecret=<redacted>]";
    }
}
