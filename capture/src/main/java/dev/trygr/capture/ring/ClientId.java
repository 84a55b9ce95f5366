package dev.trygr.capture.ring;

/**
 * Who made a call, as far as a flow tells: Ring's {@code hardware_id} (from the header, the request body, a token's
 * claims, or the ledger), the client's address and its user agent. Any part may be null.
 */
public record ClientId(String hardwareId, String address, String userAgent) {

    public ClientId withHardwareId(String id) {
        return new ClientId(id, address, userAgent);
    }

    /** {@code hardware_id 6f1c…} when known, else {@code client 127.0.0.1 (android:com.ringapp)}. */
    public String label() {
        if (hardwareId != null) {
            return "hardware_id " + hardwareId;
        }
        String who = "client " + (address == null ? "?" : address);
        return userAgent == null ? who : who + " (" + userAgent + ")";
    }
}
