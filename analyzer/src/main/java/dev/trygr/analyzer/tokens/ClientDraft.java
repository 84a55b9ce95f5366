package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One client while rows are being read. */
final class ClientDraft {
    final ClientKey key;
    final Set<String> addresses = new LinkedHashSet<>();
    final Set<String> userAgents = new LinkedHashSet<>();
    final Set<String> deviceModels = new LinkedHashSet<>();
    final Set<String> androidIds = new LinkedHashSet<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    /** Successful password logins: (at, session). */
    final List<long[]> logins = new ArrayList<>();
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;

    ClientDraft(ClientKey key) {
        this.key = key;
    }

    void seen(long at, String address, String userAgent) {
        firstSeen = Math.min(firstSeen, at);
        lastSeen = Math.max(lastSeen, at);
        if (address != null && addresses.size() < 16) {
            addresses.add(address);
        }
        if (userAgent != null && userAgents.size() < 16) {
            userAgents.add(userAgent);
        }
    }

    void deviceModel(String model) {
        if (model != null && !model.isBlank() && deviceModels.size() < 16) {
            deviceModels.add(model);
        }
    }
}
