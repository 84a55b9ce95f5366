package dev.trygr.capture;

import java.util.List;

/**
 * One row of {@code push_messages}: a data message from the MCS push channel.
 *
 * @param sender      the MCS {@code from}
 * @param appData     the {@code app_data} pairs in order (secret values as markers unless the session stores
 *                    secrets; {@code crypto-key} and {@code encryption} are public and kept)
 * @param rawData     the ciphertext ({@code raw_data}), empty when there was none
 * @param decrypted   the decrypted payload, once {@code trygr fcm decrypt --store} has stored it
 * @param decryptedAt when it was stored (µs)
 */
public record PushMessageRow(long id, long sessionId, Long connectionId, long at, String persistentId, String sender,
                             String category, List<Header> appData, byte[] rawData, String decrypted,
                             Long decryptedAt) implements RingRow {

    public PushMessageRow {
        appData = List.copyOf(appData);
        rawData = rawData == null ? new byte[0] : rawData;
    }

    /** Push messages are not findings. */
    @Override
    public String message() {
        return null;
    }
}
