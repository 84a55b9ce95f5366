package dev.trygr.capture;

import java.util.List;
import java.util.Map;

/**
 * What one proxy run records about itself in {@code sessions}.
 *
 * @param options every option in effect, as given (JSON-serialised into {@code sessions.options})
 */
public record SessionInfo(String version, List<String> modes, String caFingerprintSha256,
                          boolean upstreamInsecure, boolean storeSecrets, long maxBodyBytes,
                          Map<String, Object> options) {
    public SessionInfo {
        modes = List.copyOf(modes);
        options = Map.copyOf(options);
    }
}
