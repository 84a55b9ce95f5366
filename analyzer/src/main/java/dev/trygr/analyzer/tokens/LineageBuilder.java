package dev.trygr.analyzer.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.FcmEventRow;
import dev.trygr.capture.SessionRow;
import dev.trygr.capture.TokenEventRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TokenLineage} from rows fed one at a time ({@code token_events} in any order, then
 * {@code fcm_events}), so a caller can stream a capture of any size without holding its rows. What it keeps is one
 * small record per refresh token and per client. Not thread-safe.
 */
public final class LineageBuilder {
    private static final long MICROS = 1_000_000L;

    private final Map<String, NodeDraft> nodes = new HashMap<>();
    private final Map<ClientKey, ClientDraft> clients = new LinkedHashMap<>();
    private final Map<String, String> accessToRefresh = new HashMap<>();
    private final List<FcmEventRow> fcm = new ArrayList<>();
    private final Map<Long, long[]> sessionTimes = new HashMap<>();
    private long[] offsets = new long[64];
    private int offsetCount;
    private long tokenRows;
    private long fcmRows;

    /** Takes one {@code token_events} row. */
    public void accept(TokenEventRow r) {
        tokenRows++;
        touchSession(r.sessionId(), r.at());
        ClientKey key = ClientKey.of(r.hardwareId(), r.clientAddress(), r.userAgent());
        ClientDraft client = key == null ? null : clients.computeIfAbsent(key, ClientDraft::new);
        if (client != null) {
            client.seen(r.at(), r.clientAddress(), r.userAgent());
        }
        switch (r.kind()) {
            case "grant" -> grant(r, key, client);
            case "ring_session" -> {
                if (client != null) {
                    client.deviceModel(StoredJson.text(StoredJson.parse(r.detail()), "device_model"));
                }
            }
            case "access_token_expired_use" -> {
                if (client != null) {
                    JsonNode detail = StoredJson.parse(r.detail());
                    client.anomalies.add(new Anomaly(AnomalyKind.ACCESS_TOKEN_EXPIRED_USE, r.at(), r.sessionId(),
                            r.presented(), r.lateMicros(), "access token " + TokenNode.prefix(r.presented())
                            + " used " + (r.lateMicros() == null ? "" : HumanTime.span(r.lateMicros()) + " ")
                            + "after it expired (" + StoredJson.text(detail, "host")
                            + StoredJson.text(detail, "path") + "): the client did not refresh in time."));
                }
            }
            case "stale_reuse" -> {
                NodeDraft n = r.presented() == null ? null : nodes.get(r.presented());
                if (n != null && r.lateMicros() != null) {
                    if (n.storedStale == null) {
                        n.storedStale = new ArrayList<>(1);
                    }
                    n.storedStale.add(new long[] {r.at(), r.lateMicros()});
                }
            }
            default -> {
                // invalid_grant and repeated_password_login are worked out from the grants themselves
            }
        }
    }

    /** Takes one {@code fcm_events} row. */
    public void accept(FcmEventRow r) {
        fcmRows++;
        touchSession(r.sessionId(), r.at());
        if (r.kind().startsWith("mcs_") && r.androidId() == null) {
            return; // channel notes without an id tie to nobody
        }
        fcm.add(r);
    }

    /**
     * The model.
     *
     * @param source   what was read, for people ({@code capture.db#2})
     * @param session  the session read, null for all
     * @param keyId    an identifier of the capture's fingerprint key ({@link TokenLineage#keyId})
     * @param sessions the file's sessions (all of them: overlaps are judged against every one)
     */
    public TokenLineage build(String source, Long session, String keyId, List<SessionRow> sessions) {
        List<SessionSpan> spans = SessionSpans.of(sessions, session, sessionTimes);
        boolean trustStored = session != null && spans.stream().noneMatch(SessionSpan::overlaps);
        ChainAssembler assembler = new ChainAssembler(nodes, clients, trustStored);
        Map<ClientKey, List<Chain>> chains = assembler.assemble();
        PushAssembler push = new PushAssembler(fcm, accessToRefresh, assembler, chains.keySet(), trustStored);
        Map<ClientKey, List<PushRegistration>> registrations =
                push.assemble(k -> clients.computeIfAbsent(k, ClientDraft::new));
        List<ClientLineage> out = new ArrayList<>();
        for (ClientDraft c : clients.values()) {
            List<Chain> own = chains.getOrDefault(c.key, List.of());
            List<PushRegistration> pushes = registrations.getOrDefault(c.key, List.of());
            if (own.isEmpty() && pushes.isEmpty() && c.anomalies.isEmpty() && c.deviceModels.isEmpty()
                    && hasHardwareTwin(c)) {
                continue; // rows of a hardware_id client that did not name it: nothing of its own to show
            }
            out.add(client(c, own, pushes, assembler));
        }
        out.sort(Comparator.comparingLong(ClientLineage::firstSeen).thenComparing(ClientLineage::label));
        Long first = null;
        Long last = null;
        for (long[] t : sessionTimes.values()) {
            first = first == null ? t[0] : Math.min(first, t[0]);
            last = last == null ? t[1] : Math.max(last, t[1]);
        }
        return new TokenLineage(source, session, keyId, spans, first, last, tokenRows, fcmRows, clockOffset(), out,
                push.unattributed(), List.copyOf(push.androidIdsSeen()), SessionSpans.notes(spans));
    }

    private void grant(TokenEventRow r, ClientKey key, ClientDraft client) {
        JsonNode claims = StoredJson.parse(r.claims());
        Obtained how = Obtained.ofGrant(r.grant());
        String outcome = r.outcome();
        NodeDraft presented = null;
        if (how == Obtained.REFRESH && r.presented() != null) {
            presented = node(r.presented());
            presented.named(key);
            if (presented.claims == null) {
                presented.claims = StoredJson.claims(claims, "presented");
            }
            UseOutcome use = UseOutcome.of(r.presentedOutcome(), outcome);
            String error = "ok".equals(outcome) ? null : StoredJson.text(StoredJson.parse(r.detail()), "error");
            presented.shown.add(new NodeDraft.Shown(r.at(), r.id(), r.sessionId(), use, r.status(),
                    "ok".equals(outcome) ? null : error != null ? error : outcome));
        }
        boolean ok = "ok".equals(outcome);
        String issued = r.issuedRefresh();
        if ((ok || "cut_off".equals(outcome)) && issued != null && !issued.equals(r.presented())) {
            NodeDraft n = node(issued);
            n.named(key);
            if (n.issuedAt == null) {
                n.issuedAt = r.at();
                n.issuedSeq = r.id();
                n.issuedSession = r.sessionId();
                n.obtained = how;
                n.accessExpiresAt = r.expiresAt();
                TokenClaims refreshClaims = StoredJson.claims(claims, "refresh");
                n.claims = refreshClaims != null ? refreshClaims : n.claims;
                if (presented != null) {
                    n.parent = presented.fingerprint;
                    if (!presented.children.contains(issued)) {
                        presented.children.add(issued);
                    }
                }
            }
            n.delivered |= ok;
            if (ok && r.issuedAccess() != null) {
                accessToRefresh.put(r.issuedAccess(), issued);
            }
        }
        if (ok) {
            TokenClaims c = StoredJson.claims(claims, "refresh");
            c = c != null ? c : StoredJson.claims(claims, "access");
            if (c != null && c.iat() != null && Math.abs(c.iat()) < Long.MAX_VALUE / MICROS) {
                offset(r.at() - c.iat() * MICROS);
            }
        }
        if (client != null && how.isLogin()) {
            if (ok) {
                client.logins.add(new long[] {r.at(), r.sessionId()});
            } else if (!"2fa_required".equals(outcome)) {
                client.anomalies.add(new Anomaly(AnomalyKind.LOGIN_FAILED, r.at(), r.sessionId(), null, null,
                        "password login failed: " + (r.status() == null ? "no answer" : "HTTP " + r.status()) + " "
                                + outcome.replace('_', ' ')));
            }
        }
    }

    private NodeDraft node(String fingerprint) {
        return nodes.computeIfAbsent(fingerprint, NodeDraft::new);
    }

    private void offset(long micros) {
        if (offsetCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[offsetCount++] = micros;
    }

    private ClockOffset clockOffset() {
        if (offsetCount == 0) {
            return ClockOffset.UNKNOWN;
        }
        long[] sorted = Arrays.copyOf(offsets, offsetCount);
        Arrays.sort(sorted);
        return new ClockOffset(sorted[offsetCount / 2], offsetCount);
    }

    private void touchSession(long session, long at) {
        long[] t = sessionTimes.computeIfAbsent(session, k -> new long[] {at, at});
        t[0] = Math.min(t[0], at);
        t[1] = Math.max(t[1], at);
    }

    private boolean hasHardwareTwin(ClientDraft c) {
        if (c.key.byHardwareId()) {
            return false;
        }
        for (ClientDraft other : clients.values()) {
            if (other.key.byHardwareId() && other.addresses.contains(c.key.address())) {
                return true;
            }
        }
        return false;
    }

    private static ClientLineage client(ClientDraft c, List<Chain> chains, List<PushRegistration> push,
                                        ChainAssembler assembler) {
        c.logins.sort(Comparator.comparingLong(l -> l[0]));
        for (int i = 1; i < c.logins.size(); i++) {
            long[] login = c.logins.get(i);
            long gap = login[0] - c.logins.get(i - 1)[0];
            c.anomalies.add(new Anomaly(AnomalyKind.REPEATED_PASSWORD_LOGIN, login[0], login[1], null, gap,
                    "password login #" + (i + 1) + ", " + HumanTime.span(gap) + " after the previous one: Ring"
                            + " starts a new session; the previous token chain and its FCM registration are"
                            + " left behind."));
        }
        c.anomalies.sort(Comparator.comparingLong(Anomaly::at));
        long[] uses = new long[16];
        int count = 0;
        for (Chain chain : chains) {
            for (TokenNode t : chain.tokens()) {
                for (Presentation p : t.presentations()) {
                    if (p.outcome() == UseOutcome.USED) {
                        uses = count == uses.length ? Arrays.copyOf(uses, count * 2) : uses;
                        uses[count++] = p.at();
                    }
                }
            }
        }
        List<ChainAssembler.Placed> timeline = assembler.timeline(c.key);
        String latest = null;
        if (!timeline.isEmpty()) {
            ChainAssembler.Placed last = timeline.get(timeline.size() - 1);
            latest = last.fingerprint();
        }
        long firstSeen = c.firstSeen;
        long lastSeen = c.lastSeen;
        for (PushRegistration p : push) {
            firstSeen = Math.min(firstSeen, p.at());
            lastSeen = Math.max(lastSeen, p.at());
        }
        return new ClientLineage(c.key, new ArrayList<>(c.addresses), new ArrayList<>(c.userAgents),
                new ArrayList<>(c.deviceModels), new ArrayList<>(c.androidIds),
                firstSeen == Long.MAX_VALUE ? 0 : firstSeen, lastSeen == Long.MIN_VALUE ? 0 : lastSeen, chains,
                push, c.anomalies, Cadence.of(uses, count), c.logins.size(), latest);
    }
}
