package dev.trygr.analyzer.report;

import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FcmEventRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Section 5's counters. FCM events are kept (compactly, up to a cap) until every row is read, because a row often
 * names its client only through another row: a GCM registration has an android id, the FCM registration made from
 * it a GCM token, and only the Ring call that hands the FCM token over carries the {@code hardware_id}. Push
 * messages are counted as they stream by ({@link PushMessages}).
 */
final class PushTally {
    private static final int MAX_EVENTS = 50_000;

    /** The columns of an {@code fcm_events} row that the report uses (fingerprints cut to their 12-hex prefix). */
    private record Fcm(long at, String kind, Long flowId, Long connectionId, String outcome, Integer status,
                       String hardwareId, String address, String androidId, String gcm, String fcm, String fis,
                       String error, String message) {
    }

    private static final class Client {
        final Set<String> androidIds = new LinkedHashSet<>();
        final Set<String> fcmTokens = new LinkedHashSet<>();
        final Set<String> sentToRing = new LinkedHashSet<>();
        final List<Credentials.Event> events = new ArrayList<>();
        long checkins;
        long gcm;
        long installs;
        long fcm;
        long rereg;
        long subscriptions;
        long messages;
    }

    private final ReportLimits limits;
    private final FindingsLog findings;
    private final List<Fcm> events = new ArrayList<>();
    private final Map<String, Long> notes = new LinkedHashMap<>();
    private long eventsNotKept;
    private long mcsConnections;
    private long mcsDuration;
    private long mcsBytesDown;
    private final Map<String, String> hidByFcm = new HashMap<>();
    private final Map<String, String> fcmByGcm = new HashMap<>();
    private final Map<String, String> fcmByFis = new HashMap<>();
    private final Map<String, String> gcmByAndroid = new HashMap<>();
    private final Map<String, String> hidByAndroid = new HashMap<>();
    private final Map<Long, String> androidByConnection = new HashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    PushTally(ReportLimits limits, FindingsLog findings) {
        this.limits = limits;
        this.findings = findings;
    }

    void connection(ConnectionRow c) {
        if ("mcs".equals(c.protocol())) {
            mcsConnections++;
            mcsBytesDown += c.bytesToClient();
            if (c.openedMicros() != null && c.closedMicros() != null) {
                mcsDuration += Math.max(0, c.closedMicros() - c.openedMicros());
            }
        }
    }

    void fcmEvent(FcmEventRow r, TokenOrigins origins) {
        String gcm = Markers.prefix(r.gcmToken());
        String fcm = Markers.prefix(r.fcmToken());
        origins.classify(fcm, "FCM token", r.hardwareId());
        origins.classify(gcm, "GCM token", r.hardwareId());
        origins.classify(Markers.prefix(r.fisAuth()), "Firebase installation auth token", r.hardwareId());
        origins.classify(Markers.prefix(r.fisRefresh()), "Firebase installation refresh token", r.hardwareId());
        origins.classify(Markers.prefix(r.securityToken()), "GCM security token", r.hardwareId());
        if (r.kind().startsWith("mcs_")) {
            notes.merge(r.kind(), 1L, Long::sum);
            if ("mcs_login".equals(r.kind()) && r.connectionId() != null && r.androidId() != null) {
                androidByConnection.putIfAbsent(r.connectionId(), r.androidId());
            }
            return;
        }
        String hid = r.hardwareId();
        if (hid != null && fcm != null && ("ring_push_token".equals(r.kind()) || "fcm_reregistered".equals(r.kind()))) {
            hidByFcm.putIfAbsent(fcm, hid);
        }
        String fis = Markers.prefix(r.fisAuth());
        if ("fcm_register".equals(r.kind()) && fcm != null) {
            if (gcm != null) {
                fcmByGcm.putIfAbsent(gcm, fcm);
            }
            if (fis != null) {
                fcmByFis.putIfAbsent(fis, fcm);
            }
        }
        if (r.androidId() != null && gcm != null) {
            gcmByAndroid.putIfAbsent(r.androidId(), gcm);
        }
        if (r.androidId() != null && hid != null) {
            hidByAndroid.putIfAbsent(r.androidId(), hid);
        }
        if (events.size() < MAX_EVENTS) {
            events.add(new Fcm(r.at(), r.kind(), r.flowId(), r.connectionId(), r.outcome(), r.status(), hid,
                    r.clientAddress(), r.androidId(), gcm, fcm, fis, r.error(), r.message()));
        } else {
            eventsNotKept++;
        }
    }

    long eventsNotKept() {
        return eventsNotKept;
    }

    /** Who an event belongs to, and whether that is a hardware_id. */
    private record Who(String name, boolean hardwareId) {
    }

    /** The client an event belongs to: its hardware_id when any link leads to one. */
    private Who resolve(String hid, String fcm, String gcm, String fis, String androidId, Long connectionId,
                        String address) {
        String found = hid;
        if (found == null && fcm != null) {
            found = hidByFcm.get(fcm);
        }
        if (found == null && fis != null && fcmByFis.containsKey(fis)) {
            found = hidByFcm.get(fcmByFis.get(fis));
        }
        if (found == null && gcm != null && fcmByGcm.containsKey(gcm)) {
            found = hidByFcm.get(fcmByGcm.get(gcm));
        }
        String android = androidId != null ? androidId
                : connectionId != null ? androidByConnection.get(connectionId) : null;
        if (found == null && android != null) {
            found = hidByAndroid.get(android);
            String viaGcm = gcmByAndroid.get(android);
            if (found == null && viaGcm != null && fcmByGcm.containsKey(viaGcm)) {
                found = hidByFcm.get(fcmByGcm.get(viaGcm));
            }
        }
        if (found != null) {
            return new Who(found, true);
        }
        return new Who(android != null ? "android " + android : address != null ? address : "unknown client", false);
    }

    /** The client a push message belongs to (through its MCS connection's android id), or null. */
    String clientOfConnection(Long connectionId) {
        String android = connectionId == null ? null : androidByConnection.get(connectionId);
        return android == null ? null : resolve(null, null, null, null, android, null, null).name();
    }

    /** Sorts the kept events into clients, feeds the credential timelines, and raises the push findings. */
    void resolve(CredentialTally credentials) {
        for (Fcm e : events) {
            Who resolved = resolve(e.hardwareId(), e.fcm(), e.gcm(), e.fis(), e.androidId(), e.connectionId(),
                    e.address());
            String who = resolved.name();
            boolean byHid = resolved.hardwareId();
            Client c = client(who);
            if (c == null) {
                continue;
            }
            if (e.androidId() != null) {
                c.androidIds.add(e.androidId());
            }
            String detail = e.kind() + (e.status() != null ? ", HTTP " + e.status() : "")
                    + (e.outcome() != null ? ", " + e.outcome() : "") + (e.error() != null ? ": " + e.error() : "");
            String shownKind = switch (e.kind()) {
                case "checkin" -> { c.checkins++; yield "checkin"; }
                case "gcm_register" -> { c.gcm++; yield "gcm_register"; }
                case "fis_install" -> { c.installs++; yield "fis_install"; }
                case "fcm_register" -> {
                    c.fcm++;
                    if (e.fcm() != null && "ok".equals(e.outcome())) {
                        c.fcmTokens.add(e.fcm());
                    }
                    yield "fcm_registration";
                }
                case "ring_push_token" -> {
                    if (e.fcm() != null) {
                        c.sentToRing.add(e.fcm());
                    }
                    yield "push_token_to_ring";
                }
                case "fcm_reregistered" -> { c.rereg++; yield "fcm_reregistered"; }
                case "ring_subscribe" -> { c.subscriptions++; yield null; }
                default -> null;
            };
            if (shownKind == null) {
                continue;
            }
            Credentials.Event event = new Credentials.Event(e.at(), shownKind, e.flowId(), e.fcm(),
                    Excerpts.cut(e.message() != null ? e.message() : detail));
            if (c.events.size() < limits.timelineEvents()) {
                c.events.add(event);
            }
            if (shownKind.equals("fcm_registration") || shownKind.equals("push_token_to_ring")
                    || shownKind.equals("fcm_reregistered")) {
                credentials.pushEvent(who, byHid, event);
            }
            if (e.message() != null && shownKind.equals("fcm_reregistered")) {
                findings.draft("fcm_reregistered", who, Severity.MEDIUM, "push",
                                "A client registered for push again with a new FCM token",
                                "Ring keeps pushing to the first registration, so this client gets no more push "
                                        + "notifications. Remove it under Authorized Client Devices and log in again.",
                                null, who)
                        .add(new Evidence(e.flowId(), e.at(), null, "fcm_event", "fcm_token",
                                Excerpts.sentence(e.message())));
            } else if ("error".equals(e.outcome())) {
                findings.draft("push_registration_failed", who, Severity.LOW, "push",
                                "A push registration call failed",
                                "The client may not receive push notifications until it registers successfully.",
                                null, who)
                        .add(new Evidence(e.flowId(), e.at(), null, "fcm_event", e.kind(), Excerpts.cut(detail)));
            }
        }
    }

    private Client client(String who) {
        Client c = clients.get(who);
        if (c == null && clients.size() < limits.clients()) {
            c = new Client();
            clients.put(who, c);
        }
        return c;
    }

    /** Counts a push message for its client (clients must be resolved first). */
    void message(String client) {
        if (client != null) {
            Client c = client(client);
            if (c != null) {
                c.messages++;
            }
        }
    }

    PushChannel section(PushMessages messages) {
        List<PushChannel.Client> out = new ArrayList<>();
        clients.forEach((who, c) -> {
            String continuity = c.fcm == 0 && c.sentToRing.isEmpty() ? "none"
                    : c.rereg > 0 || c.sentToRing.size() > 1 ? "re-registered"
                    : c.sentToRing.isEmpty() ? "not sent to Ring" : "continuous";
            out.add(new PushChannel.Client(who, List.copyOf(c.androidIds), c.checkins, c.gcm, c.installs, c.fcm,
                    List.copyOf(c.fcmTokens), List.copyOf(c.sentToRing), c.rereg, c.subscriptions, continuity,
                    c.events, c.messages));
        });
        List<NameCount> noteCounts = new ArrayList<>();
        notes.forEach((k, v) -> noteCounts.add(new NameCount(k, v)));
        PushChannel.Mcs mcs = new PushChannel.Mcs(mcsConnections, mcsDuration, mcsBytesDown, noteCounts);
        return messages.section(out, mcs);
    }
}
