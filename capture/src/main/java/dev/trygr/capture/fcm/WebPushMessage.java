package dev.trygr.capture.fcm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An encrypted Web Push message as it travels in a DataMessageStanza: the {@code crypto-key} and {@code encryption}
 * app_data values ({@code dh=...}, {@code salt=...}) and the ciphertext for {@code raw_data}.
 */
public record WebPushMessage(String cryptoKey, String encryption, byte[] rawData) {
    public WebPushMessage {
        Objects.requireNonNull(cryptoKey, "cryptoKey");
        Objects.requireNonNull(encryption, "encryption");
        rawData = rawData.clone();
    }

    @Override
    public byte[] rawData() {
        return rawData.clone();
    }

    /** The app_data entries, in the order FCM sends them. */
    public List<AppData> appData() {
        return List.of(new AppData("crypto-key", cryptoKey), new AppData("encryption", encryption));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebPushMessage m && cryptoKey.equals(m.cryptoKey) && encryption.equals(m.encryption)
                && Arrays.equals(rawData, m.rawData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cryptoKey, encryption, Arrays.hashCode(rawData));
    }

    @Override
    public String toString() {
        return "WebPushMessage[cryptoKey=" + cryptoKey + ", encryption=" + encryption + ", rawData=" + rawData.length
                + " bytes]";
    }
}
