package dev.trygr.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.ring.ClientId;
import dev.trygr.capture.ring.JwtClaims;
import dev.trygr.capture.ring.RingEvent;
import dev.trygr.capture.ring.RingEvent.AccessTokenFirstUsed;
import dev.trygr.capture.ring.RingEvent.CheckedIn;
import dev.trygr.capture.ring.RingEvent.DoorbotSubscribed;
import dev.trygr.capture.ring.RingEvent.ExpiredAccessTokenUsed;
import dev.trygr.capture.ring.RingEvent.FcmRegistered;
import dev.trygr.capture.ring.RingEvent.FcmReregistered;
import dev.trygr.capture.ring.RingEvent.FirebaseInstalled;
import dev.trygr.capture.ring.RingEvent.GcmRegistered;
import dev.trygr.capture.ring.RingEvent.GrantRejected;
import dev.trygr.capture.ring.RingEvent.PasswordLoginRepeated;
import dev.trygr.capture.ring.RingEvent.RingDeviceUpdated;
import dev.trygr.capture.ring.RingEvent.RingSessionCreated;
import dev.trygr.capture.ring.RingEvent.StaleTokenReused;
import dev.trygr.capture.ring.RingEvent.TokenGrantCompleted;

/**
 * Turns Ring/FCM events into {@code token_events} and {@code fcm_events} rows (id 0 until the writer assigns
 * one). Pure: no JDBC. Which table an event goes to is decided here.
 */
final class RingRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RingRows() {
    }

    /** The row for an event, or null for an event that is not stored (a bare bearer use). */
    static RingRow of(RingEvent e, long sessionId, Long flowId, Long connectionId) {
        Ids ids = new Ids(sessionId, flowId, connectionId);
        if (e instanceof TokenGrantCompleted g) {
            return grant(g, ids);
        } else if (e instanceof RingSessionCreated s) {
            return token(ids, s, null, null, s.status(), s.bearer(), null, null, null, null, null, null, null,
                    null, null, null, detail().put("device_model", s.deviceModel()).put("os", s.os())
                            .put("api_version", s.apiVersion()));
        } else if (e instanceof AccessTokenFirstUsed a) {
            return token(ids, a, null, null, a.status(), a.token(), null, a.parent(), null, null, null,
                    a.expiresAtMicros(), a.claims() == null ? null : a.claims().sessionId(),
                    claims(a.claims(), null, null), null, null, detail().put("host", a.host()).put("path", a.path()));
        } else if (e instanceof ExpiredAccessTokenUsed a) {
            return token(ids, a, null, null, a.status(), a.token(), null, a.parent(), null, null, null,
                    a.expiresAtMicros(), a.claims() == null ? null : a.claims().sessionId(),
                    claims(a.claims(), null, null), a.lateMicros(), a.message(),
                    detail().put("host", a.host()).put("path", a.path()));
        } else if (e instanceof StaleTokenReused s) {
            return token(ids, s, null, null, null, s.presented(), null, s.parent(), s.supersededBy(), null, null, null,
                    null, null, s.lateMicros(), s.message(), detail().put("previous_state", s.previousState())
                            .put("superseded_at", s.supersededAtMicros()));
        } else if (e instanceof GrantRejected r) {
            return token(ids, r, null, "invalid_grant", null, r.presented(), "rejected", r.parent(), r.supersededBy(),
                    null, null, null, null, null, r.lateMicros(), r.message(),
                    detail().put("previous_state", r.previousState()).put("error", r.error()));
        } else if (e instanceof PasswordLoginRepeated p) {
            return token(ids, p, null, null, null, null, null, null, null, null, null, null, null, null,
                    p.atMicros() - p.previousAtMicros(), p.message(),
                    detail().put("logins", p.logins()).put("previous_at", p.previousAtMicros()));
        }
        return fcm(e, ids);
    }

    private record Ids(long session, Long flow, Long connection) {
    }

    private static TokenEventRow grant(TokenGrantCompleted g, Ids ids) {
        JwtClaims main = g.refreshClaims() != null ? g.refreshClaims()
                : g.accessClaims() != null ? g.accessClaims() : g.presentedClaims();
        ObjectNode detail = detail().put("grant_type", g.grantType()).put("error", g.error())
                .put("error_description", g.errorDescription()).put("tsv_state", g.tsvState());
        return new TokenEventRow(0, ids.session(), ids.flow(), ids.connection(), g.atMicros(), g.kind(),
                g.client().hardwareId(), g.client().address(), g.client().userAgent(), g.grant().column(),
                g.outcome().column(), positive(g.status()), g.presented(), g.presentedOutcome(), g.presentedParent(),
                null, g.issuedAccess(), g.issuedRefresh(), g.expiresIn(), g.accessExpiresMicros(),
                main == null ? null : main.sessionId(),
                claims(g.presentedClaims(), g.accessClaims(), g.refreshClaims()), null, null, json(detail));
    }

    private static TokenEventRow token(Ids ids, RingEvent e, String grant, String outcome, Integer status,
                                       String presented, String presentedOutcome, String parent, String supersededBy,
                                       String issuedAccess, String issuedRefresh, Long expiresAt, String sessionClaim,
                                       String claims, Long late, String message, ObjectNode detail) {
        ClientId c = e.client();
        return new TokenEventRow(0, ids.session(), ids.flow(), ids.connection(), e.atMicros(), e.kind(),
                c.hardwareId(), c.address(), c.userAgent(), grant, outcome, status == null ? null : positive(status),
                presented, presentedOutcome, parent, supersededBy, issuedAccess, issuedRefresh, null, expiresAt,
                sessionClaim, claims, late, message, json(detail));
    }

    private static RingRow fcm(RingEvent e, Ids ids) {
        FcmEventRow row = new FcmEventRow(0, ids.session(), ids.flow(), ids.connection(), e.atMicros(), e.kind(),
                null, null, null, e.client().hardwareId(), e.client().address(), e.client().userAgent(), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, e.message(), null);
        if (e instanceof GcmRegistered r) {
            return fcmRow(row, r.outcome().column(), r.status(), r.error(), r.androidId(), r.app(), r.subtype(),
                    r.sender(), null, null, null, null, r.token(), null, null, null, r.securityToken(), null, null,
                    null);
        } else if (e instanceof FirebaseInstalled r) {
            return fcmRow(row, r.outcome().column(), r.status(), r.error(), null, r.appId(), null, null, r.projectId(),
                    r.fid(), null, null, null, null, r.authToken(), r.refreshToken(), null, null, r.expiresIn(), null);
        } else if (e instanceof FcmRegistered r) {
            return fcmRow(row, r.outcome().column(), r.status(), r.error(), null, null, null, null, r.projectId(),
                    null, r.endpoint(), r.p256dh(), r.gcmToken(), r.token(), r.fisAuth(), null, null, r.auth(), null,
                    null);
        } else if (e instanceof CheckedIn r) {
            return fcmRow(row, r.outcome().column(), r.status(), r.error(), r.androidId(), null, null, null, null,
                    null, null, null, null, null, null, null, r.securityToken(), null, null,
                    detail().put("presented_android_id", r.presentedAndroidId())
                            .put("presented_security_token", r.presentedSecurityToken()));
        } else if (e instanceof RingDeviceUpdated r) {
            return fcmRow(row, callOutcome(r.status()), r.status(), null, null, null, null, null, null, null, null,
                    null, null, r.pushToken(), null, null, null, null, null,
                    detail().put("bearer", r.bearer()).put("pn_service", r.pnService())
                            .put("pn_dict_version", r.pnDictVersion()).put("device_model", r.deviceModel())
                            .put("os", r.os()));
        } else if (e instanceof DoorbotSubscribed r) {
            return fcmRow(row, callOutcome(r.status()), r.status(), null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null,
                    detail().put("bearer", r.bearer()).put("device_id", r.deviceId()).put("action", r.action()));
        } else if (e instanceof FcmReregistered r) {
            return fcmRow(row, null, 0, null, null, null, null, null, null, null, null, null, null, r.newToken(), null,
                    null, null, null, null, detail().put("first_token", r.firstToken())
                            .put("first_at", r.firstAtMicros()).put("via", r.via()));
        }
        return null; // BearerPresented: the ledger's first-use rows stand for it
    }

    private static FcmEventRow fcmRow(FcmEventRow r, String outcome, int status, String error, String androidId,
                                      String app, String subtype, String sender, String projectId, String fid,
                                      String endpoint, String p256dh, String gcmToken, String fcmToken, String fisAuth,
                                      String fisRefresh, String securityToken, String webAuth, Long expiresIn,
                                      ObjectNode detail) {
        return new FcmEventRow(0, r.sessionId(), r.flowId(), r.connectionId(), r.at(), r.kind(), outcome,
                positive(status), error, r.hardwareId(), r.clientAddress(), r.userAgent(), androidId, app, subtype,
                sender, projectId, fid, endpoint, p256dh, gcmToken, fcmToken, fisAuth, fisRefresh, securityToken,
                webAuth, expiresIn, r.message(), json(detail));
    }

    /** Ring API calls: no answer, a 2xx, or an error status. */
    private static String callOutcome(int status) {
        return status <= 0 ? "no_response" : status / 100 == 2 ? "ok" : "error";
    }

    private static String claims(JwtClaims presented, JwtClaims access, JwtClaims refresh) {
        if (presented == null && access == null && refresh == null) {
            return null;
        }
        ObjectNode o = MAPPER.createObjectNode();
        if (presented != null) {
            o.set("presented", presented.toJson());
        }
        if (access != null) {
            o.set("access", access.toJson());
        }
        if (refresh != null) {
            o.set("refresh", refresh.toJson());
        }
        return o.toString();
    }

    private static ObjectNode detail() {
        return MAPPER.createObjectNode();
    }

    /** The object without its null members; null when nothing is left. */
    static String json(ObjectNode detail) {
        if (detail == null) {
            return null;
        }
        detail.properties().removeIf(entry -> entry.getValue().isNull());
        return detail.isEmpty() ? null : detail.toString();
    }

    private static Integer positive(int n) {
        return n > 0 ? n : null;
    }
}
