package dev.trygr.proxy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
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

    /** Case-insensitive globs over host names: {@code *} any run of characters, {@code ?} one. */
    static final class HostGlob {
        private HostGlob() {
        }

        static boolean matches(String glob, String host) {
            StringBuilder re = new StringBuilder();
            for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
                switch (c) {
                    case '*' -> re.append(".*");
                    case '?' -> re.append('.');
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return host.matches(re.toString());
        }
    }
}
