package dev.trygr.capture.fcm;

import dev.trygr.capture.fcm.WebPushDecryption.Decrypted;
import dev.trygr.capture.fcm.WebPushDecryption.Failed;
import dev.trygr.capture.fcm.WebPushDecryption.Failure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Decrypts a Web Push {@code aesgcm} message the way push-receiver does (ring-protocol.md §5.9): sender key from
 * {@code crypto-key: dh=...}, salt from {@code encryption: salt=...}, records of 4096 + 16 bytes. Pure; never
 * throws on bad input, returns a {@link Failed} naming what was wrong instead.
 */
public final class WebPushDecryptor {
    private WebPushDecryptor() {
    }

    /** Decrypts the payload of a DataMessageStanza. */
    public static WebPushDecryption decrypt(WebPushKeys keys, McsFrame.DataMessageStanza message) {
        return decrypt(keys, message.appData(), message.rawData());
    }

    /** Decrypts {@code rawData} with the parameters in {@code appData}. */
    public static WebPushDecryption decrypt(WebPushKeys keys, List<AppData> appData, byte[] rawData) {
        Optional<String> cryptoKey = AppData.find(appData, "crypto-key");
        if (cryptoKey.isEmpty()) {
            return new Failed(Failure.MISSING_CRYPTO_KEY, "app_data has no crypto-key");
        }
        Optional<String> encryption = AppData.find(appData, "encryption");
        if (encryption.isEmpty()) {
            return new Failed(Failure.MISSING_ENCRYPTION, "app_data has no encryption");
        }
        String dhText = params(cryptoKey.get()).get("dh");
        if (dhText == null) {
            return new Failed(Failure.MISSING_DH, "crypto-key has no dh parameter");
        }
        String saltText = params(encryption.get()).get("salt");
        if (saltText == null) {
            return new Failed(Failure.MISSING_SALT, "encryption has no salt parameter");
        }
        Optional<byte[]> dh = Base64Url.decode(dhText);
        if (dh.isEmpty()) {
            return new Failed(Failure.BAD_DH, "dh is not base64url");
        }
        ECPublicKey sender;
        try {
            sender = P256.publicKey(dh.get());
        } catch (IllegalArgumentException e) {
            return new Failed(Failure.BAD_DH, "dh: " + e.getMessage());
        }
        Optional<byte[]> salt = Base64Url.decode(saltText);
        if (salt.isEmpty()) {
            return new Failed(Failure.BAD_SALT, "salt is not base64url");
        }
        if (salt.get().length != AesGcmKeys.SALT_LENGTH) {
            return new Failed(Failure.BAD_SALT, "salt must be 16 bytes, got " + salt.get().length);
        }
        if (rawData == null || rawData.length == 0) {
            return new Failed(Failure.MISSING_RAW_DATA, "no raw_data");
        }
        byte[] shared;
        try {
            shared = P256.sharedSecret(P256.privateKey(keys.privateKey()), sender);
        } catch (IllegalArgumentException e) {
            return new Failed(Failure.BAD_DH, e.getMessage());
        }
        AesGcmKeys k = AesGcmKeys.derive(shared, keys.authSecret(), salt.get(), keys.publicKey(), dh.get());
        return decryptRecords(k, rawData);
    }

    private static WebPushDecryption decryptRecords(AesGcmKeys keys, byte[] raw) {
        int full = AesGcmKeys.RECORD_SIZE + AesGcmKeys.TAG_LENGTH;
        ByteArrayOutputStream plain = new ByteArrayOutputStream(raw.length);
        int index = 0;
        for (int start = 0; start < raw.length; start += full, index++) {
            int end = start + full;
            if (end == raw.length) {
                return new Failed(Failure.TRUNCATED, "the last record is a full " + full + "-byte record");
            }
            end = Math.min(end, raw.length);
            if (end - start <= AesGcmKeys.TAG_LENGTH) {
                return new Failed(Failure.TRUNCATED, "record " + index + " has only " + (end - start) + " bytes");
            }
            byte[] record;
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, keys.aesKey(),
                        new GCMParameterSpec(AesGcmKeys.TAG_LENGTH * 8, keys.recordNonce(index)));
                record = c.doFinal(raw, start, end - start);
            } catch (AEADBadTagException e) {
                return new Failed(Failure.AUTH_TAG_MISMATCH, "record " + index + " failed authentication");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM/NoPadding is always available", e);
            }
            if (record.length < AesGcmKeys.PAD_LENGTH_SIZE) {
                return new Failed(Failure.BAD_PADDING, "record " + index + " has no padding length");
            }
            int pad = ((record[0] & 0xff) << 8) | (record[1] & 0xff);
            if (AesGcmKeys.PAD_LENGTH_SIZE + pad > record.length) {
                return new Failed(Failure.BAD_PADDING, "record " + index + ": padding of " + pad
                        + " bytes exceeds the record");
            }
            for (int i = AesGcmKeys.PAD_LENGTH_SIZE; i < AesGcmKeys.PAD_LENGTH_SIZE + pad; i++) {
                if (record[i] != 0) {
                    return new Failed(Failure.BAD_PADDING, "record " + index + ": padding is not zeros");
                }
            }
            plain.write(record, AesGcmKeys.PAD_LENGTH_SIZE + pad, record.length - AesGcmKeys.PAD_LENGTH_SIZE - pad);
        }
        try {
            return new Decrypted(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return new Failed(Failure.NOT_UTF8, "the plaintext (" + plain.size() + " bytes) is not UTF-8");
        }
    }

    /**
     * Parameters of a {@code Crypto-Key} or {@code Encryption} value: {@code k=v; k=v}, also comma-separated;
     * names lower-cased, surrounding quotes removed, the first occurrence of a name wins.
     */
    static Map<String, String> params(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : value.split("[;,]")) {
            String part = raw.strip();
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = part.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            out.putIfAbsent(name, v);
        }
        return out;
    }
}
