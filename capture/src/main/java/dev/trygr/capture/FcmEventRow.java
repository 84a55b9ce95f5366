package dev.trygr.capture;

/**
 * One row of {@code fcm_events} (see docs/schema.md for every column). Token columns hold fingerprints.
 *
 * @param kind     {@code checkin}, {@code gcm_register}, {@code fis_install}, {@code fcm_register},
 *                 {@code ring_push_token}, {@code ring_subscribe}, the finding {@code fcm_reregistered}, or a note
 *                 from the MCS channel ({@code mcs_login}, {@code mcs_login_response}, {@code mcs_close}, …)
 * @param outcome  {@code ok}, {@code error}, {@code no_response}, {@code cut_off}; null for notes and findings
 * @param message  the finding's sentence, else null
 * @param detail   JSON object with the rest (differs by kind), or null
 */
public record FcmEventRow(long id, long sessionId, Long flowId, Long connectionId, long at, String kind,
                          String outcome, Integer status, String error, String hardwareId, String clientAddress,
                          String userAgent, String androidId, String app, String subtype, String sender,
                          String projectId, String fid, String endpoint, String p256dh, String gcmToken,
                          String fcmToken, String fisAuth, String fisRefresh, String securityToken, String webAuth,
                          Long expiresIn, String message, String detail) implements RingRow {

    FcmEventRow withId(long rowId) {
        return new FcmEventRow(rowId, sessionId, flowId, connectionId, at, kind, outcome, status, error, hardwareId,
                clientAddress, userAgent, androidId, app, subtype, sender, projectId, fid, endpoint, p256dh, gcmToken,
                fcmToken, fisAuth, fisRefresh, securityToken, webAuth, expiresIn, message, detail);
    }
}
