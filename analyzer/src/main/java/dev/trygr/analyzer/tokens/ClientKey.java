package dev.trygr.analyzer.tokens;

/**
 * Who a token belongs to: Ring's {@code hardware_id} when known, else the client's address and user agent.
 * Exactly one of the two forms is used: a key with a hardware_id carries no address or user agent.
 */
public record ClientKey(String hardwareId, String address, String userAgent) {

    /** The key for a row's columns: by hardware_id when it has one. Null when the row names nobody. */
    public static ClientKey of(String hardwareId, String address, String userAgent) {
        if (hardwareId != null && !hardwareId.isBlank()) {
            return new ClientKey(hardwareId, null, null);
        }
        if (address == null && userAgent == null) {
            return null;
        }
        return new ClientKey(null, address, userAgent);
    }

    public boolean byHardwareId() {
        return hardwareId != null;
    }

    /** {@code hardware_id 6f1c…} or {@code client 127.0.0.1 (android:com.ringapp)}. */
    public String label() {
        if (hardwareId != null) {
            return "hardware_id " + hardwareId;
        }
        String who = "client " + (address == null ? "?" : address);
        return userAgent == null ? who : who + " (" + userAgent + ")";
    }
}
