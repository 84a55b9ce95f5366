package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one client did with its tokens in what was read.
 *
 * @param key           who it is
 * @param addresses     the addresses it connected from
 * @param userAgents    the user agents it sent
 * @param deviceModels  the {@code device_model}s it told Ring (clients_api session and device calls)
 * @param androidIds    the GCM android ids of its push setup
 * @param firstSeen     its first event (µs)
 * @param lastSeen      its last event (µs)
 * @param chains        its token chains, in the order they began
 * @param push          its FCM registrations and push tokens given to Ring, in time order
 * @param anomalies     what went wrong, in time order
 * @param cadence       its successful rotations over all chains
 * @param passwordLogins successful password logins
 * @param latest        fingerprint of the token it should hold now (its newest delivered token nothing superseded),
 *                      null when none
 */
public record ClientLineage(ClientKey key, List<String> addresses, List<String> userAgents, List<String> deviceModels,
                            List<String> androidIds, long firstSeen, long lastSeen, List<Chain> chains,
                            List<PushRegistration> push, List<Anomaly> anomalies, Cadence cadence,
                            int passwordLogins, String latest) {

    public ClientLineage {
        addresses = List.copyOf(addresses);
        userAgents = List.copyOf(userAgents);
        deviceModels = List.copyOf(deviceModels);
        androidIds = List.copyOf(androidIds);
        chains = List.copyOf(chains);
        push = List.copyOf(push);
        anomalies = List.copyOf(anomalies);
    }

    public String label() {
        return key.label();
    }

    /** Ring session ids of its chains, in order, without repeats. */
    public List<String> ringSessions() {
        List<String> out = new ArrayList<>();
        for (Chain c : chains) {
            if (c.ringSession() != null && !out.contains(c.ringSession())) {
                out.add(c.ringSession());
            }
        }
        return out;
    }

    /** Every token of every chain. */
    public List<TokenNode> tokens() {
        List<TokenNode> out = new ArrayList<>();
        chains.forEach(c -> out.addAll(c.tokens()));
        return out;
    }

    /** The token with this fingerprint, if the client has it. */
    public TokenNode token(String fingerprint) {
        for (Chain c : chains) {
            for (TokenNode t : c.tokens()) {
                if (t.fingerprint().equals(fingerprint)) {
                    return t;
                }
            }
        }
        return null;
    }

    public long count(AnomalyKind kind) {
        return anomalies.stream().filter(a -> a.kind() == kind).count();
    }

    /** The last FCM token it registered or gave Ring successfully, null when none. */
    public PushRegistration lastPushToken() {
        PushRegistration last = null;
        for (PushRegistration p : push) {
            if (p.ok()) {
                last = p;
            }
        }
        return last;
    }
}
