package dev.trygr.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Google's FCM side and Ring's push side of the simulated cloud know: checkins (android id and security
 * token), GCM registrations, Firebase installations, Web Push registrations with their keys, and which FCM token
 * Ring holds for each hardware id. Ring keeps the <em>first</em> token PATCHed for a hardware id; later PATCHes
 * are accepted and ignored, as the real service does (§3, tsightler's note). Thread-safe.
 */
final class PushDirectory {

    record Checkin(long androidId, long securityToken) {
    }

    record GcmRegistration(String token, long androidId, String appId) {
    }

    record Installation(String fid, String authToken, String refreshToken) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<Long, Checkin> checkins = new HashMap<>();
    private final Map<String, GcmRegistration> gcm = new HashMap<>();
    private final Map<String, Installation> installationsByAuth = new HashMap<>();
    private final Map<String, FcmRegistration> webByFcmToken = new LinkedHashMap<>();
    private final Map<String, String> ringTokenByHardwareId = new LinkedHashMap<>();
    private final List<DevicePatch> patches = new ArrayList<>();

    PushDirectory(Clock clock) {
        this.clock = clock;
    }

    /** A first checkin (no id) gets new credentials. */
    synchronized Checkin newCheckin() {
        Checkin checkin = new Checkin(positiveLong(), positiveLong());
        checkins.put(checkin.androidId(), checkin);
        return checkin;
    }

    synchronized boolean isValid(long androidId, long securityToken) {
        Checkin known = checkins.get(androidId);
        return known != null && known.securityToken() == securityToken;
    }

    synchronized GcmRegistration registerGcm(long androidId, String appId) {
        GcmRegistration registration = new GcmRegistration(randomToken(), androidId, appId);
        gcm.put(registration.token(), registration);
        return registration;
    }

    synchronized Optional<GcmRegistration> gcmRegistration(String token) {
        return Optional.ofNullable(gcm.get(token));
    }

    synchronized Installation install(String fid) {
        long now = clock.instant().getEpochSecond();
        String claims = "{\"appId\":\"" + FcmEndpoints.RING_APP_ID + "\",\"exp\":" + (now + 604800)
                + ",\"fid\":\"" + fid + "\",\"projectNumber\":" + FcmEndpoints.SENDER_ID + "}";
        String authToken = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(
                        StandardCharsets.UTF_8))
                + "." + randomBase64Url(64);
        Installation installation = new Installation(fid, authToken, "3_" + randomBase64Url(48));
        installationsByAuth.put(authToken, installation);
        return installation;
    }

    synchronized boolean isInstallationAuth(String authToken) {
        return installationsByAuth.containsKey(authToken);
    }

    synchronized FcmRegistration registerWeb(GcmRegistration gcmRegistration, String p256dh, String auth) {
        FcmRegistration registration = new FcmRegistration(randomToken(), gcmRegistration.token(),
                Long.toUnsignedString(gcmRegistration.androidId()), gcmRegistration.appId(), p256dh, auth);
        webByFcmToken.put(registration.fcmToken(), registration);
        return registration;
    }

    synchronized Optional<FcmRegistration> webRegistration(String fcmToken) {
        return Optional.ofNullable(webByFcmToken.get(fcmToken));
    }

    synchronized List<FcmRegistration> webRegistrations() {
        return List.copyOf(webByFcmToken.values());
    }

    /** Ring's side of {@code PATCH /clients_api/device}: the first token for a hardware id sticks. */
    synchronized DevicePatch patch(String hardwareId, String fcmToken) {
        String held = ringTokenByHardwareId.putIfAbsent(hardwareId, fcmToken);
        DevicePatch patch = new DevicePatch(clock.instant(), hardwareId, fcmToken,
                held == null || held.equals(fcmToken));
        patches.add(patch);
        return patch;
    }

    synchronized List<DevicePatch> patches() {
        return List.copyOf(patches);
    }

    synchronized Optional<String> ringToken(String hardwareId) {
        return Optional.ofNullable(ringTokenByHardwareId.get(hardwareId));
    }

    /** The hardware ids whose Ring-held FCM token is delivered to {@code androidId}. */
    synchronized List<String> hardwareIdsDeliveredTo(long androidId) {
        String id = Long.toUnsignedString(androidId);
        List<String> out = new ArrayList<>();
        ringTokenByHardwareId.forEach((hid, token) -> {
            FcmRegistration web = webByFcmToken.get(token);
            if (web != null && web.androidId().equals(id)) {
                out.add(hid);
            }
        });
        return out;
    }

    private long positiveLong() {
        long value;
        do {
            value = random.nextLong() & Long.MAX_VALUE;
        } while (value < 1_000_000_000_000_000L);
        return value;
    }

    /** An FCM/GCM-shaped registration token: {@code <22 chars>:APA91b<134 chars>}. */
    private String randomToken() {
        return randomBase64Url(16) + ":APA91b" + randomBase64Url(100);
    }

    private String randomBase64Url(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
