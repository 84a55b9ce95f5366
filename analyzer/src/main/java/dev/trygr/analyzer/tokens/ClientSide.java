package dev.trygr.analyzer.tokens;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One client on one side of a diff, summed up.
 *
 * @param anomalies counts by kind
 */
public record ClientSide(String label, String hardwareId, long firstSeen, long lastSeen, int chains,
                         int passwordLogins, Cadence cadence, List<String> ringSessions, List<String> deviceModels,
                         List<String> androidIds, int pushRegistrations, String latestPrefix,
                         Map<AnomalyKind, Long> anomalies) {

    public ClientSide {
        ringSessions = List.copyOf(ringSessions);
        deviceModels = List.copyOf(deviceModels);
        androidIds = List.copyOf(androidIds);
        anomalies = Map.copyOf(anomalies);
    }

    static ClientSide of(ClientLineage c) {
        Map<AnomalyKind, Long> counts = new EnumMap<>(AnomalyKind.class);
        for (Anomaly a : c.anomalies()) {
            counts.merge(a.kind(), 1L, Long::sum);
        }
        int registrations = (int) c.push().stream().filter(p -> "fcm_register".equals(p.via()) && p.ok()).count();
        return new ClientSide(c.label(), c.key().hardwareId(), c.firstSeen(), c.lastSeen(), c.chains().size(),
                c.passwordLogins(), c.cadence(), c.ringSessions(), c.deviceModels(), c.androidIds(), registrations,
                TokenNode.prefix(c.latest()), counts);
    }
}
