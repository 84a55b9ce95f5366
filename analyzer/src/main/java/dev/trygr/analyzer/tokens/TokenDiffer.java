package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Compares two token lineages client by client ({@link TokenDiff}). Pure: no I/O. */
public final class TokenDiffer {
    /** Clock differences below this are latency and {@code iat} truncation, not skew. */
    static final long SKEW_NOTED_MICROS = 2_000_000L;

    private TokenDiffer() {
    }

    public static TokenDiff diff(TokenLineage a, TokenLineage b) {
        boolean sameKey = a.keyId().equals(b.keyId());
        ChainContinuity continuity = new ChainContinuity(a, b);
        List<ClientDiff> clients = new ArrayList<>();
        for (ClientPairs.Pair pair : ClientPairs.of(a, b)) {
            clients.add(pair.a() != null && pair.b() != null
                    ? common(a, b, pair, continuity) : oneSided(pair));
        }
        clients.sort(Comparator.comparing((ClientDiff c) -> !c.common()));
        int common = (int) clients.stream().filter(ClientDiff::common).count();
        Long skew = a.ringClock().known() && b.ringClock().known()
                ? b.ringClock().medianMicros() - a.ringClock().medianMicros() : null;
        return new TokenDiff(a.source(), b.source(), sameKey, skew, clients, common, linking(sameKey),
                notes(a, b, skew));
    }

    private static ClientDiff common(TokenLineage a, TokenLineage b, ClientPairs.Pair pair,
                                     ChainContinuity continuity) {
        ClientLineage ca = pair.a();
        ClientLineage cb = pair.b();
        Continuity chain = continuity.of(ca, cb);
        PushContinuity push = continuity.push(ca, cb);
        List<String> changes = new ArrayList<>();
        String hidA = ca.key().hardwareId();
        String hidB = cb.key().hardwareId();
        if (!Objects.equals(hidA, hidB)) {
            changes.add("hardware_id changed: " + (hidA == null ? "none" : hidA) + " in A, "
                    + (hidB == null ? "none" : hidB) + " in B (ring-client-api derives one from the system id when"
                    + " its saved token carries none: a lost config, or another machine)");
        }
        if (!ca.deviceModels().isEmpty() && !cb.deviceModels().isEmpty()
                && !ca.deviceModels().equals(cb.deviceModels())) {
            changes.add("device_model changed: " + ca.deviceModels() + " in A, " + cb.deviceModels() + " in B");
        }
        ClientSide sa = ClientSide.of(ca);
        ClientSide sb = ClientSide.of(cb);
        List<AnomalyKind> appeared = new ArrayList<>();
        List<AnomalyKind> disappeared = new ArrayList<>();
        for (AnomalyKind k : AnomalyKind.values()) {
            boolean inA = sa.anomalies().containsKey(k);
            boolean inB = sb.anomalies().containsKey(k);
            if (inB && !inA) {
                appeared.add(k);
            } else if (inA && !inB) {
                disappeared.add(k);
            }
        }
        Long gap = b.ringClock().toRing(cb.firstSeen()) - a.ringClock().toRing(ca.lastSeen());
        String label = Objects.equals(ca.label(), cb.label()) ? ca.label() : ca.label() + " / " + cb.label();
        return new ClientDiff(label, pair.matchedBy(), sa, sb, chain, push, changes, appeared, disappeared, gap,
                Verdicts.of(chain, push, changes, a.ringClock().known() && b.ringClock().known()));
    }

    private static ClientDiff oneSided(ClientPairs.Pair pair) {
        boolean inA = pair.a() != null;
        ClientLineage c = inA ? pair.a() : pair.b();
        ClientSide side = ClientSide.of(c);
        Verdict verdict = new Verdict(Severity.INFO, inA ? "only in A" : "only in B",
                inA ? "seen in A only: not in B (it did not run through trygr during B, or it is another client)"
                        : "seen in B only: A never saw this client");
        return new ClientDiff(c.label(), null, inA ? side : null, inA ? null : side,
                new Continuity.OneSided(inA ? "A" : "B"), null, List.of(), List.of(), List.of(), null, verdict);
    }

    private static List<String> linking(boolean sameKey) {
        List<String> out = new ArrayList<>();
        out.add("Clients are matched by hardware_id, then by a Ring session_id both sides saw (a client whose"
                + " hardware_id changed), then by address and user agent (clients without a hardware_id).");
        if (sameKey) {
            out.add("A and B share a capture key (sessions of one file): tokens are compared by fingerprint,"
                    + " exactly.");
        } else {
            out.add("A and B have different capture keys, so their token fingerprints (HMACs) cannot be compared."
                    + " A refresh token is matched by its JWT claims instead: Ring's session_id (one per login,"
                    + " kept by every refresh) and iat (issue time in whole seconds on Ring's clock, so clock skew"
                    + " between the captures does not matter), checked against oiat when both carry it.");
            out.add("Limits: two tokens of one Ring session issued within the same second cannot be told apart"
                    + " (the verdict says how many matched); tokens that are not JWTs cannot be matched at all;"
                    + " FCM tokens are opaque, so push continuity is inferred from what B did (a new registration"
                    + " with Google, or none) and from the GCM android id, not compared token by token.");
        }
        return out;
    }

    private static List<String> notes(TokenLineage a, TokenLineage b, Long skew) {
        List<String> out = new ArrayList<>();
        if (skew != null && Math.abs(skew) >= SKEW_NOTED_MICROS) {
            out.add("B's clock is " + HumanTime.span(Math.abs(skew)) + (skew > 0 ? " ahead of" : " behind")
                    + " A's (estimated from the iat claims of the tokens Ring issued: "
                    + a.ringClock().samples() + " in A, " + b.ringClock().samples() + " in B). Times are shown on"
                    + " each capture's own clock; gaps and lateness across the captures are on Ring's clock.");
        }
        for (TokenLineage side : List.of(a, b)) {
            if (!side.ringClock().known() && side.tokenEvents() > 0) {
                out.add((side == a ? "A" : "B") + "'s clock could not be checked against Ring's (no token was issued"
                        + " in it): times across the captures assume the two machines' clocks agree.");
            }
        }
        if (a.firstAt() != null && b.lastAt() != null && a.lastAt() != null && b.firstAt() != null) {
            long aFirst = a.ringClock().toRing(a.firstAt());
            long bLast = b.ringClock().toRing(b.lastAt());
            long aLast = a.ringClock().toRing(a.lastAt());
            long bFirst = b.ringClock().toRing(b.firstAt());
            if (bLast < aFirst) {
                out.add("B was recorded before A: to see how A continues B, swap them (trygr tokens diff "
                        + b.source() + " " + a.source() + ").");
            } else if (bFirst < aLast) {
                out.add("A and B overlap in time: what B did first may not come after everything A saw.");
            }
        }
        a.notes().forEach(n -> out.add("A: " + n));
        b.notes().forEach(n -> out.add("B: " + n));
        if (a.tokenEvents() == 0) {
            out.add("A holds no token events.");
        }
        if (b.tokenEvents() == 0) {
            out.add("B holds no token events.");
        }
        return out;
    }
}
