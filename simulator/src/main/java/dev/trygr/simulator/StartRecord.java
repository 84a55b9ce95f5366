package dev.trygr.simulator;

import java.util.List;
import java.util.Optional;

/**
 * What one start (process lifetime) of a scenario client did.
 *
 * @param number          from 1
 * @param tokenUses       its grants, in order
 * @param encodedToken    the encoded token it held at the end (empty if it lost it)
 * @param fcmToken        the FCM token it used (empty if it had no push credentials)
 * @param registeredPush  whether it registered for FCM in this start (as opposed to reusing stored credentials)
 * @param patchStatus     the status of its {@code PATCH /clients_api/device}; 0 when it made none
 * @param pushes          the pushes it received, decrypted or not
 * @param failure         why the start ended early, if it did
 */
public record StartRecord(int number, List<TokenUse> tokenUses, Optional<String> encodedToken,
        Optional<String> fcmToken, boolean registeredPush, int patchStatus, List<ReceivedPush> pushes,
        Optional<String> failure) {

    public StartRecord {
        tokenUses = List.copyOf(tokenUses);
        pushes = List.copyOf(pushes);
    }

    @Override
    public String toString() {
        return "StartRecord[" + number + ", grants=" + tokenUses + ", fcm=" + fcmToken.map(Secrets::fingerprint)
                .orElse("-") + ", registered=" + registeredPush + ", patch=" + patchStatus + ", pushes="
                + pushes.size() + failure.map(f -> ", failure=" + f).orElse("") + "]";
    }
}
