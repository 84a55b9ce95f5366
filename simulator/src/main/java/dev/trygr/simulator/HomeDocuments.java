package dev.trygr.simulator;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents api.ring.com serves about the {@link SimulatedHome}, shaped like Ring's (§4.5). */
final class HomeDocuments {
    private static final String CREATED_AT = "2021-04-12T17:03:11.000Z";

    private final SimulatedHome home;

    HomeDocuments(SimulatedHome home) {
        this.home = home;
    }

    /** {@code ProfileResponse}, for {@code /clients_api/profile} and {@code /clients_api/session}. */
    Map<String, Object> profile(String hardwareId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", home.userId());
        p.put("email", home.email());
        p.put("first_name", home.firstName());
        p.put("last_name", home.lastName());
        p.put("phone_number", home.phoneNumber());
        p.put("authentication_token", home.authenticationToken());
        p.put("features", Map.of("motion_message_enabled", false, "show_recordings_to_non_subscribers", true));
        p.put("hardware_id", hardwareId);
        p.put("explorer_program_terms", null);
        p.put("user_flow", "ring");
        p.put("app_brand", "ring");
        p.put("country", "US");
        p.put("status", "active");
        p.put("created_at", CREATED_AT);
        p.put("tfa_enabled", true);
        p.put("tfa_phone_number", home.maskedPhone());
        p.put("account_type", "ring");
        p.put("user_preferences", Map.of("settings", Map.of("cv_settings", Map.of("detection_types", List.of()))));
        return Map.of("profile", p);
    }

    /** {@code /clients_api/ring_devices}. */
    Map<String, Object> ringDevices() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("doorbots", home.cameras().stream().filter(SimulatedHome.Camera::doorbell).map(this::device).toList());
        out.put("chimes", List.of());
        out.put("authorized_doorbots", List.of());
        out.put("stickup_cams", home.cameras().stream().filter(c -> !c.doorbell()).map(this::device).toList());
        out.put("base_stations", List.of());
        out.put("beams_bridges", List.of());
        out.put("other", List.of());
        return out;
    }

    /** {@code /devices/v1/locations}. */
    Map<String, Object> locations() {
        SimulatedHome.Location l = home.location();
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("address1", l.address1());
        address.put("address2", "");
        address.put("cross_street", "");
        address.put("city", l.city());
        address.put("state", l.state());
        address.put("timezone", l.timeZone());
        address.put("zip_code", l.zipCode());
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("address", address);
        location.put("created_at", CREATED_AT);
        location.put("geo_coordinates", Map.of("latitude", l.latitude(), "longitude", l.longitude()));
        location.put("geo_service_verified", "address_only");
        location.put("location_id", l.locationId());
        location.put("name", l.name());
        location.put("owner_id", home.userId());
        location.put("updated_at", CREATED_AT);
        location.put("user_verified", true);
        return Map.of("user_locations", List.of(location));
    }

    /** {@code /clients_api/doorbots/{id}/health}. */
    Map<String, Object> health(SimulatedHome.Camera camera) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", camera.id());
        h.put("wifi_name", home.wifiName());
        h.put("battery_percentage", camera.doorbell() ? null : 87);
        h.put("battery_percentage_category", camera.doorbell() ? null : "very_good");
        h.put("latest_signal_strength", camera.signalStrength());
        h.put("latest_signal_category", category(camera.signalStrength()));
        h.put("average_signal_strength", camera.signalStrength() - 3);
        h.put("average_signal_category", category(camera.signalStrength() - 3));
        h.put("firmware", camera.firmware());
        h.put("updated_at", CREATED_AT);
        h.put("wifi_is_ring_network", false);
        h.put("packet_loss_category", "good");
        h.put("packet_loss_strength", 0);
        return Map.of("device_health", h);
    }

    private Map<String, Object> device(SimulatedHome.Camera camera) {
        SimulatedHome.Location l = home.location();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("id", home.userId());
        owner.put("email", home.email());
        owner.put("first_name", home.firstName());
        owner.put("last_name", home.lastName());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("rssi", camera.signalStrength());
        health.put("rssi_category", category(camera.signalStrength()));
        health.put("firmware_version", camera.firmware());
        health.put("wifi_is_ring_network", false);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", camera.id());
        d.put("kind", camera.kind());
        d.put("description", camera.description());
        d.put("device_id", camera.deviceId());
        d.put("location_id", l.locationId());
        d.put("time_zone", l.timeZone());
        d.put("address", l.address1() + ", " + l.city() + " " + l.state() + " " + l.zipCode());
        d.put("latitude", new BigDecimal(l.latitude()));
        d.put("longitude", new BigDecimal(l.longitude()));
        d.put("firmware_version", camera.firmware());
        d.put("owned", true);
        d.put("owner", owner);
        d.put("alerts", Map.of("connection", "online"));
        d.put("health", health);
        d.put("battery_life", camera.doorbell() ? null : "87");
        d.put("settings", Map.of("live_view_disabled", false, "motion_detection_enabled", true));
        d.put("subscribed", true);
        d.put("subscribed_motions", true);
        return d;
    }

    private static String category(int rssi) {
        return rssi >= -55 ? "good" : rssi >= -70 ? "fair" : "poor";
    }
}
