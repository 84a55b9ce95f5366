package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which client of A is which client of B: the same hardware_id; else a shared Ring {@code session_id} claim (the
 * same login seen on both sides: the hardware_id changed, or one side had none); else the same address and user
 * agent (clients without a hardware_id).
 */
final class ClientPairs {

    /** A client on both sides, or on one ({@code a} or {@code b} null). */
    record Pair(ClientLineage a, ClientLineage b, String matchedBy) {
    }

    private ClientPairs() {
    }

    static List<Pair> of(TokenLineage a, TokenLineage b) {
        Set<ClientLineage> usedA = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<ClientLineage> usedB = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Pair> pairs = new ArrayList<>();
        for (ClientLineage ca : a.clients()) {
            if (ca.key().hardwareId() == null) {
                continue;
            }
            for (ClientLineage cb : b.clients()) {
                if (!usedB.contains(cb) && ca.key().hardwareId().equals(cb.key().hardwareId())) {
                    pairs.add(new Pair(ca, cb, "hardware_id"));
                    usedA.add(ca);
                    usedB.add(cb);
                    break;
                }
            }
        }
        for (ClientLineage ca : a.clients()) {
            if (usedA.contains(ca) || ca.ringSessions().isEmpty()) {
                continue;
            }
            for (ClientLineage cb : b.clients()) {
                if (!usedB.contains(cb) && !Collections.disjoint(ca.ringSessions(), cb.ringSessions())) {
                    pairs.add(new Pair(ca, cb, "Ring session"));
                    usedA.add(ca);
                    usedB.add(cb);
                    break;
                }
            }
        }
        for (ClientLineage ca : a.clients()) {
            if (usedA.contains(ca) || ca.key().byHardwareId()) {
                continue;
            }
            for (ClientLineage cb : b.clients()) {
                if (!usedB.contains(cb) && !cb.key().byHardwareId()
                        && Objects.equals(ca.key().address(), cb.key().address())
                        && Objects.equals(ca.key().userAgent(), cb.key().userAgent())) {
                    pairs.add(new Pair(ca, cb, "address and user agent"));
                    usedA.add(ca);
                    usedB.add(cb);
                    break;
                }
            }
        }
        for (ClientLineage ca : a.clients()) {
            if (!usedA.contains(ca)) {
                pairs.add(new Pair(ca, null, null));
            }
        }
        for (ClientLineage cb : b.clients()) {
            if (!usedB.contains(cb)) {
                pairs.add(new Pair(null, cb, null));
            }
        }
        return pairs;
    }
}
