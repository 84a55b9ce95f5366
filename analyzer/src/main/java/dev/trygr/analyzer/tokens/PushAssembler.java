package dev.trygr.analyzer.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.FcmEventRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds the FCM side to the clients and their token chains. push-receiver's setup calls carry no hardware_id and
 * the recorder names a client for them only when one client used that address, so the rest are tied through the
 * tokens they share: an FCM registration to the client that gave Ring its FCM token, the GCM registration to that
 * FCM registration (the GCM token in its endpoint), a checkin to that GCM registration (the android id).
 */
final class PushAssembler {
    private static final Set<String> PUSH_KINDS = Set.of("fcm_register", "ring_push_token");

    private final List<FcmEventRow> rows;
    private final Map<String, String> accessToRefresh;
    private final ChainAssembler chains;
    private final Map<ClientKey, ClientKey> knownClients;
    private final List<PushRegistration> unattributed = new ArrayList<>();
    private final Set<String> androidIdsSeen = new LinkedHashSet<>();

    private final boolean trustStored;

    /** @param trustStored take the live recorder's stored re-registration findings (see {@link ChainAssembler}) */
    PushAssembler(List<FcmEventRow> rows, Map<String, String> accessToRefresh, ChainAssembler chains,
                  Set<ClientKey> tokenClients, boolean trustStored) {
        this.trustStored = trustStored;
        this.rows = new ArrayList<>(rows);
        this.rows.sort(Comparator.comparingLong(FcmEventRow::at).thenComparingLong(FcmEventRow::id));
        this.accessToRefresh = accessToRefresh;
        this.chains = chains;
        this.knownClients = new HashMap<>();
        tokenClients.forEach(k -> knownClients.put(k, k));
    }

    /** Push registrations by client; fills android ids, device models and FCM anomalies into the drafts. */
    Map<ClientKey, List<PushRegistration>> assemble(Function<ClientKey, ClientDraft> client) {
        Map<Long, ClientKey> owners = owners();
        Map<String, String> androidByGcm = new HashMap<>();
        Map<String, String> androidByFcm = new HashMap<>();
        for (FcmEventRow r : rows) {
            if (r.androidId() != null) {
                androidIdsSeen.add(r.androidId());
                if (r.gcmToken() != null) {
                    androidByGcm.put(r.gcmToken(), r.androidId());
                }
            }
            if ("fcm_register".equals(r.kind()) && r.gcmToken() != null && r.fcmToken() != null
                    && androidByGcm.containsKey(r.gcmToken())) {
                androidByFcm.put(r.fcmToken(), androidByGcm.get(r.gcmToken()));
            }
        }
        Map<ClientKey, List<PushRegistration>> out = new LinkedHashMap<>();
        Map<ClientKey, PushRegistration> first = new HashMap<>();
        Map<ClientKey, Set<String>> flagged = new HashMap<>();
        for (FcmEventRow r : rows) {
            ClientKey owner = owners.get(r.id());
            JsonNode detail = StoredJson.parse(r.detail());
            if (owner != null) {
                ClientDraft c = client.apply(owner);
                if (r.androidId() != null) {
                    c.androidIds.add(r.androidId());
                }
                c.deviceModel(StoredJson.text(detail, "device_model"));
            }
            if ("fcm_reregistered".equals(r.kind()) && trustStored && owner != null && r.fcmToken() != null
                    && flagged.computeIfAbsent(owner, k -> new HashSet<>()).add(r.fcmToken())) {
                // stored by the live recorder, whose first registration lies outside what was read
                client.apply(owner).anomalies.add(new Anomaly(AnomalyKind.FCM_REREGISTERED, r.at(), r.sessionId(),
                        r.fcmToken(), null, "new FCM token " + TokenNode.prefix(r.fcmToken())
                                + " for a client registered before (first token "
                                + TokenNode.prefix(StoredJson.text(detail, "first_token"))
                                + "): Ring keeps pushing to the first registration."));
                continue;
            }
            if (!PUSH_KINDS.contains(r.kind())) {
                continue;
            }
            String android = r.fcmToken() == null ? null : androidByFcm.get(r.fcmToken());
            PushRegistration draft = bind(r, owner, detail, android != null ? android : r.androidId());
            if (owner == null) {
                unattributed.add(draft);
                continue;
            }
            PushRegistration firstOk = first.get(owner);
            boolean rereg = false;
            if (draft.ok() && firstOk == null) {
                first.put(owner, draft);
            } else if (draft.ok() && !firstOk.fcmToken().equals(draft.fcmToken())) {
                Set<String> seen = flagged.computeIfAbsent(owner, k -> new HashSet<>());
                rereg = true;
                if (seen.add(draft.fcmToken())) {
                    client.apply(owner).anomalies.add(new Anomaly(AnomalyKind.FCM_REREGISTERED, r.at(),
                            r.sessionId(), draft.fcmToken(), r.at() - firstOk.at(), "new FCM token "
                            + TokenNode.prefix(draft.fcmToken()) + " (" + r.kind() + ") "
                            + HumanTime.span(r.at() - firstOk.at()) + " after the first one, "
                            + TokenNode.prefix(firstOk.fcmToken()) + ": Ring keeps pushing to the first"
                            + " registration, so this client gets no push notifications."));
                }
            } else if (draft.ok() && flagged.getOrDefault(owner, Set.of()).contains(draft.fcmToken())) {
                rereg = true;
            }
            out.computeIfAbsent(owner, k -> new ArrayList<>()).add(rereg ? withRereg(draft) : draft);
        }
        return out;
    }

    List<PushRegistration> unattributed() {
        return List.copyOf(unattributed);
    }

    Set<String> androidIdsSeen() {
        return androidIdsSeen;
    }

    private PushRegistration bind(FcmEventRow r, ClientKey owner, JsonNode detail, String androidId) {
        Integer chain = null;
        String refresh = null;
        String boundBy = null;
        String bearer = StoredJson.text(detail, "bearer");
        String viaBearer = bearer == null ? null : accessToRefresh.get(bearer);
        if (viaBearer != null && chains.chainOf(viaBearer) != null) {
            chain = chains.chainOf(viaBearer);
            refresh = viaBearer;
            boundBy = "bearer";
        } else if (owner != null) {
            ChainAssembler.Placed held = chains.heldAt(owner, r.at());
            if (held != null) {
                chain = held.chain();
                refresh = held.fingerprint();
                boundBy = "time";
            }
        }
        return new PushRegistration(r.at(), r.sessionId(), r.kind(), r.fcmToken(), r.outcome(), androidId,
                r.p256dh(), chain, refresh, boundBy, false);
    }

    private static PushRegistration withRereg(PushRegistration p) {
        return new PushRegistration(p.at(), p.session(), p.via(), p.fcmToken(), p.outcome(), p.androidId(),
                p.p256dh(), p.chain(), p.refreshToken(), p.boundBy(), true);
    }

    /** The client of each row: its own hardware_id, else one reached through a token it shares with another row. */
    private Map<Long, ClientKey> owners() {
        Map<Long, ClientKey> owners = new HashMap<>();
        Map<String, ClientKey> byFcm = new HashMap<>();
        Map<String, ClientKey> byGcm = new HashMap<>();
        Map<String, ClientKey> byAndroid = new HashMap<>();
        for (int pass = 0; pass < 3; pass++) {
            for (FcmEventRow r : rows) {
                ClientKey owner = owners.get(r.id());
                if (owner == null) {
                    owner = direct(r);
                }
                if (owner == null && r.fcmToken() != null) {
                    owner = byFcm.get(r.fcmToken());
                }
                if (owner == null && r.gcmToken() != null) {
                    owner = byGcm.get(r.gcmToken());
                }
                String android = r.androidId() != null ? r.androidId()
                        : StoredJson.text(StoredJson.parse(r.detail()), "presented_android_id");
                if (owner == null && android != null) {
                    owner = byAndroid.get(android);
                }
                if (owner == null) {
                    continue;
                }
                owners.put(r.id(), owner);
                if (r.fcmToken() != null) {
                    byFcm.putIfAbsent(r.fcmToken(), owner);
                }
                if (r.gcmToken() != null) {
                    byGcm.putIfAbsent(r.gcmToken(), owner);
                }
                if (android != null) {
                    byAndroid.putIfAbsent(android, owner);
                }
            }
        }
        return owners;
    }

    /** A row's own client: by hardware_id, else by address and user agent when token rows know that client. */
    private ClientKey direct(FcmEventRow r) {
        if (r.hardwareId() != null) {
            return ClientKey.of(r.hardwareId(), null, null);
        }
        ClientKey byAddress = ClientKey.of(null, r.clientAddress(), r.userAgent());
        return byAddress == null ? null : knownClients.get(byAddress);
    }
}
