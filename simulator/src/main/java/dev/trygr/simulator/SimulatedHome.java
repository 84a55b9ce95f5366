package dev.trygr.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every piece of personal data the simulated cloud serves, in one place so tests can search a capture for it.
 * Realistic in shape, fake in substance: example.com addresses, 555 phone numbers, an invented street.
 *
 * @param userId              the numeric Ring account id (also the {@code user_id} JWT claim)
 * @param email               the account e-mail (also the OAuth username)
 * @param password            the account password the password grant must present
 * @param firstName           profile first name
 * @param lastName            profile last name
 * @param phoneNumber         profile phone number (E.164)
 * @param authenticationToken the legacy {@code authentication_token} in the profile (a secret)
 * @param location            the one location
 * @param wifiName            the SSID the cameras report in their health
 * @param cameras             a doorbell and a stickup cam
 */
public record SimulatedHome(long userId, String email, String password, String firstName, String lastName,
        String phoneNumber, String authenticationToken, Location location, String wifiName, List<Camera> cameras) {

    /**
     * The location.
     *
     * @param latitude  six decimals, as Ring serves them
     * @param longitude six decimals, as Ring serves them
     */
    public record Location(String locationId, String name, String address1, String city, String state,
            String zipCode, String timeZone, String latitude, String longitude) {
    }

    /**
     * A camera.
     *
     * @param id          the numeric Ring device id (doorbot id)
     * @param deviceId    the 12-hex MAC-like {@code device_id}
     * @param kind        Ring's kind string
     * @param description the user-given name
     * @param doorbell    listed under {@code doorbots} if true, else under {@code stickup_cams}
     */
    public record Camera(long id, String deviceId, String kind, String description, String firmware,
            int signalStrength, boolean doorbell) {
    }

    public SimulatedHome {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(location, "location");
        cameras = List.copyOf(cameras);
    }

    /** The standard fake household. */
    public static SimulatedHome sample() {
        return new SimulatedHome(
                48213907L,
                "jordan.whitfield@example.com",
                "porch-light-4417",
                "Jordan",
                "Whitfield",
                "+15550104477",
                "sim7Qv2NnR8xKp4WtZ1yLb",
                new Location("8c3a6f12-5d4e-4b7a-9e21-3f0d7c8b6a54", "Maple Grove House",
                        "1458 Maple Grove Avenue", "Springfield", "IL", "62704", "America/Chicago",
                        "39.781721", "-89.650148"),
                "Whitfield-Home-5G",
                List.of(new Camera(684213579L, "a4da22f3c91e", "lpd_v2", "Front Door", "cam-1.24.3500", -52, true),
                        new Camera(684213580L, "5c47bd0e8a21", "stickup_cam_v4", "Backyard", "cam-1.22.1100",
                                -61, false)));
    }

    public Camera doorbell() {
        return cameras.stream().filter(Camera::doorbell).findFirst().orElse(cameras.get(0));
    }

    public Camera stickupCam() {
        return cameras.stream().filter(c -> !c.doorbell()).findFirst().orElse(cameras.get(0));
    }

    public Camera camera(long id) {
        return cameras.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    /** The masked phone number the 2FA prompt shows, like Ring's {@code +1xxxxxxxx77}. */
    public String maskedPhone() {
        int keep = Math.min(2, phoneNumber.length());
        String tail = phoneNumber.substring(phoneNumber.length() - keep);
        return "+1" + "x".repeat(Math.max(0, phoneNumber.length() - 2 - keep)) + tail;
    }

    /**
     * The values a privacy report should find in a capture of this home: e-mail, names, phone, street, city,
     * zip, coordinates, SSID, device MACs, camera names and the user id.
     */
    public List<String> personalValues() {
        List<String> values = new ArrayList<>(List.of(email, firstName, lastName, phoneNumber, location.address1(),
                location.city(), location.zipCode(), location.latitude(), location.longitude(), wifiName,
                Long.toString(userId)));
        for (Camera camera : cameras) {
            values.add(camera.deviceId());
            values.add(camera.description());
        }
        return List.copyOf(values);
    }

    /** Never prints the password or the authentication token. */
    @Override
    public String toString() {
        return "SimulatedHome[" + email + ", " + location.address1() + ", " + cameras.size() + " cameras]";
    }
}
