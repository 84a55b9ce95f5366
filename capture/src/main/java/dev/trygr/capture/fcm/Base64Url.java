package dev.trygr.capture.fcm;

import java.util.Base64;
import java.util.Optional;

/**
 * Base64 as push-receiver and FCM write it: URL-safe alphabet without padding. Decoding is lenient, as Node's
 * {@code Buffer.from(s, 'base64')} is: either alphabet, padding optional, surrounding whitespace ignored.
 */
final class Base64Url {
    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Optional<byte[]> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip().replace('+', '-').replace('/', '_');
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        s = s.substring(0, end);
        if (s.length() % 4 == 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
