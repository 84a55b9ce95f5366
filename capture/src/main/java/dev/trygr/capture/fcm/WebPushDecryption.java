package dev.trygr.capture.fcm;

/** What came of decrypting one Web Push message: the plaintext, or a typed failure. */
public sealed interface WebPushDecryption {

    /** The message decrypted; {@code plaintext} is the UTF-8 text (JSON for FCM). */
    record Decrypted(String plaintext) implements WebPushDecryption {
    }

    /** The message could not be decrypted; {@code detail} never contains key material. */
    record Failed(Failure failure, String detail) implements WebPushDecryption {
    }

    enum Failure {
        /** No {@code crypto-key} entry in {@code app_data}. */
        MISSING_CRYPTO_KEY,
        /** {@code crypto-key} has no {@code dh} parameter. */
        MISSING_DH,
        /** {@code dh} is not base64url of a 65-byte P-256 point. */
        BAD_DH,
        /** No {@code encryption} entry in {@code app_data}. */
        MISSING_ENCRYPTION,
        /** {@code encryption} has no {@code salt} parameter. */
        MISSING_SALT,
        /** {@code salt} is not base64url of 16 bytes. */
        BAD_SALT,
        /** No {@code raw_data}. */
        MISSING_RAW_DATA,
        /** A record is too short, or the last record is a full one (http_ece: "Truncated payload"). */
        TRUNCATED,
        /** AES-GCM authentication failed: wrong keys, wrong auth secret, or altered ciphertext. */
        AUTH_TAG_MISMATCH,
        /** The padding length exceeds the record, or the padding is not zeros. */
        BAD_PADDING,
        /** The plaintext is not UTF-8. */
        NOT_UTF8
    }

    default boolean decrypted() {
        return this instanceof Decrypted;
    }
}
