package dev.trygr.capture.fcm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One {@code app_data} entry of a DataMessageStanza. */
public record AppData(String key, String value) {
    public AppData {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The value of the first entry named {@code key} (exact match, as push-receiver looks them up). */
    public static Optional<String> find(List<AppData> appData, String key) {
        for (AppData d : appData) {
            if (d.key.equals(key)) {
                return Optional.of(d.value);
            }
        }
        return Optional.empty();
    }
}
