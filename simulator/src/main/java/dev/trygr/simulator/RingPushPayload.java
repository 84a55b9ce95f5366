package dev.trygr.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The decrypted JSON of a Ring v2 camera push (§6): the FCM Web Push envelope {@code {data, from, priority,
 * fcmMessageId}} whose {@code data} values are themselves JSON strings ({@code version}, {@code android_config},
 * {@code analytics}, {@code data}, {@code img}), exactly as ring-client-api parses them one by one.
 */
final class RingPushPayload {
    private RingPushPayload() {
    }

    static String build(PushKind kind, SimulatedHome home, long dingId, Instant now) {
        SimulatedHome.Camera camera = kind == PushKind.DING ? home.doorbell() : home.stickupCam();
        String correlation = UUID.randomUUID().toString();

        Map<String, Object> androidConfig = new LinkedHashMap<>();
        androidConfig.put("category", kind.category());
        androidConfig.put("body", kind == PushKind.DING
                ? "There is someone at your " + camera.description()
                : "There is motion at your " + camera.description());

        Map<String, Object> analytics = new LinkedHashMap<>();
        analytics.put("server_correlation_id", correlation);
        analytics.put("server_id", "com.ring.pns");
        analytics.put("subcategory", kind.subtype());
        analytics.put("triggered_at", now.toEpochMilli());
        analytics.put("sent_at", now.toEpochMilli() + 41);
        analytics.put("referring_item_type", "ding");
        analytics.put("referring_item_id", Long.toString(dingId));

        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", camera.id());
        device.put("kind", camera.kind());
        device.put("name", camera.description());
        device.put("e2ee_enabled", false);
        Map<String, Object> ding = new LinkedHashMap<>();
        ding.put("id", Long.toString(dingId));
        ding.put("created_at", now.toString());
        ding.put("subtype", kind.subtype());
        ding.put("detection_type", kind == PushKind.DING ? null : "human");
        Map<String, Object> liveSession = new LinkedHashMap<>();
        liveSession.put("streaming_data_hash", Long.toHexString(dingId ^ 0x5deece66dL));
        liveSession.put("active_streaming_profile", "rms");
        liveSession.put("default_audio_route", "speaker");
        liveSession.put("max_duration", 180);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ding", ding);
        event.put("eventito", Map.of("type", kind.subtype(), "timestamp", now.toEpochMilli()));
        event.put("riid", UUID.randomUUID().toString().replace("-", ""));
        event.put("is_sidewalk", false);
        event.put("live_session", liveSession);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("device", device);
        data.put("event", event);
        data.put("location", Map.of("id", home.location().locationId()));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", "2.0.0");
        fields.put("android_config", SimJson.text(androidConfig));
        fields.put("analytics", SimJson.text(analytics));
        fields.put("data", SimJson.text(data));
        fields.put("img", SimJson.text(Map.of("snapshot_uuid", UUID.randomUUID().toString())));

        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", fields);
        envelope.put("from", FcmEndpoints.SENDER_ID);
        envelope.put("priority", "high");
        envelope.put("fcmMessageId", UUID.randomUUID().toString());
        return SimJson.text(envelope);
    }
}
