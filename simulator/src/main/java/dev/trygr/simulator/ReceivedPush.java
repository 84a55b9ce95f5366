package dev.trygr.simulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One DataMessageStanza a scripted client's push receiver got over MCS.
 *
 * @param persistentId the stanza's persistent id
 * @param from         the sender id ({@code 876313859327} for Ring)
 * @param json         the decrypted payload, when the client's keys could decrypt it
 * @param failure      why decryption failed (e.g. {@code AUTH_TAG_MISMATCH} for a push encrypted to other keys)
 */
public record ReceivedPush(Instant at, String persistentId, String from, Optional<String> json,
        Optional<String> failure) {

    public boolean decrypted() {
        return json.isPresent();
    }
}
