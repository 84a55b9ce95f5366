package dev.trygr.analyzer.pii;

import dev.trygr.simulator.SimulatedHome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ring's API responses about a {@link SimulatedHome}, shaped as in §4.5 of the protocol notes. */
final class RingResponses {
    static final String API = "api.ring.com";
    static final String HARDWARE_ID = "9f3c2a71-4b8e-4d1f-a6c2-0e5b7d9a1c33";

    private RingResponses() {
    }

    /** Profile, locations, devices and every camera's health, as a client loading the account fetches them. */
    static PiiCaptures account(PiiCaptures capture, SimulatedHome home) {
        capture.respond(API, "/clients_api/profile", profile(home));
        capture.respond(API, "/devices/v1/locations", locations(home));
        capture.respond(API, "/clients_api/ring_devices", devices(home));
        for (SimulatedHome.Camera camera : home.cameras()) {
            capture.respond(API, "/clients_api/doorbots/" + camera.id() + "/health", health(home, camera));
        }
        return capture;
    }

    static Map<String, Object> profile(SimulatedHome home) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", home.userId());
        p.put("email", home.email());
        p.put("first_name", home.firstName());
        p.put("last_name", home.lastName());
        p.put("phone_number", home.phoneNumber());
        p.put("authentication_token", "REDACTED:authentication_token:0a1b2c3d4e5f");
        p.put("hardware_id", HARDWARE_ID);
        p.put("tfa_phone_number", home.maskedPhone());
        p.put("country", "US");
        return Map.of("profile", p);
    }

    static Map<String, Object> locations(SimulatedHome home) {
        SimulatedHome.Location l = home.location();
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("address1", l.address1());
        address.put("address2", "");
        address.put("city", l.city());
        address.put("state", l.state());
        address.put("zip_code", l.zipCode());
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("address", address);
        location.put("geo_coordinates", Map.of("latitude", l.latitude(), "longitude", l.longitude()));
        location.put("location_id", l.locationId());
        location.put("name", l.name());
        location.put("owner_id", home.userId());
        return Map.of("user_locations", List.of(location));
    }

    static Map<String, Object> devices(SimulatedHome home) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("doorbots", home.cameras().stream().filter(SimulatedHome.Camera::doorbell)
                .map(c -> device(home, c)).toList());
        out.put("stickup_cams", home.cameras().stream().filter(c -> !c.doorbell())
                .map(c -> device(home, c)).toList());
        out.put("chimes", List.of());
        return out;
    }

    private static Map<String, Object> device(SimulatedHome home, SimulatedHome.Camera camera) {
        SimulatedHome.Location l = home.location();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", camera.id());
        d.put("kind", camera.kind());
        d.put("description", camera.description());
        d.put("device_id", camera.deviceId());
        d.put("location_id", l.locationId());
        d.put("address", l.address1() + ", " + l.city() + " " + l.state() + " " + l.zipCode());
        d.put("latitude", Double.parseDouble(l.latitude()));
        d.put("longitude", Double.parseDouble(l.longitude()));
        d.put("firmware_version", camera.firmware());
        d.put("owner", Map.of("id", home.userId(), "email", home.email(), "first_name", home.firstName(),
                "last_name", home.lastName()));
        return d;
    }

    static Map<String, Object> health(SimulatedHome home, SimulatedHome.Camera camera) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", camera.id());
        h.put("wifi_name", home.wifiName());
        h.put("latest_signal_strength", camera.signalStrength());
        h.put("firmware", camera.firmware());
        return Map.of("device_health", h);
    }
}
