package dev.trygr.analyzer.tokens;

import java.util.List;

/**
 * One client compared across two captures.
 *
 * @param label         who it is
 * @param matchedBy     how the two sides were matched: {@code hardware_id}, {@code Ring session} (the same Ring
 *                      session_id claim: the hardware_id changed), {@code address and user agent}; null when the
 *                      client is on one side only
 * @param a             the client in A, null when only in B
 * @param b             the client in B, null when only in A
 * @param continuity    whether B continues A's token chain
 * @param push          whether the FCM registration was kept; null when the client is on one side only
 * @param changes       hardware_id and device_model changes, in words
 * @param appeared      anomaly kinds seen in B but not in A
 * @param disappeared   anomaly kinds seen in A but not in B
 * @param gapMicros     from A's last event to B's first for this client, on Ring's clock when both offsets are
 *                      known; null when one-sided
 */
public record ClientDiff(String label, String matchedBy, ClientSide a, ClientSide b, Continuity continuity,
                         PushContinuity push, List<String> changes, List<AnomalyKind> appeared,
                         List<AnomalyKind> disappeared, Long gapMicros, Verdict verdict) {

    public ClientDiff {
        changes = List.copyOf(changes);
        appeared = List.copyOf(appeared);
        disappeared = List.copyOf(disappeared);
    }

    public boolean common() {
        return a != null && b != null;
    }
}
