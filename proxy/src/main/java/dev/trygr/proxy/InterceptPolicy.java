package dev.trygr.proxy;

import dev.trygr.capture.HostGlob;

import java.util.List;

/**
 * Whether a TLS connection to a host is intercepted or passed through untouched. {@code --passthrough GLOB}
 * wins over {@code --intercept GLOB}; with no {@code --intercept} every host is intercepted.
 */
public record InterceptPolicy(List<String> interceptGlobs, List<String> passthroughGlobs) {

    public static final InterceptPolicy INTERCEPT_ALL = new InterceptPolicy(List.of(), List.of());

    public InterceptPolicy {
        interceptGlobs = List.copyOf(interceptGlobs);
        passthroughGlobs = List.copyOf(passthroughGlobs);
    }

    public boolean intercepts(String host) {
        String h = host == null ? "" : host;
        for (String glob : passthroughGlobs) {
            if (HostGlob.matches(glob, h)) {
                return false;
            }
        }
        if (interceptGlobs.isEmpty()) {
            return true;
        }
        for (String glob : interceptGlobs) {
            if (HostGlob.matches(glob, h)) {
                return true;
            }
        }
        return false;
    }
}
