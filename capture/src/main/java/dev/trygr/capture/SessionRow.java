package dev.trygr.capture;

import java.util.List;

/**
 * A {@code sessions} row: one proxy run.
 *
 * @param endedMicros null while running (or when the run did not end cleanly)
 * @param optionsJson the options in effect, as a JSON object
 */
public record SessionRow(long id, String version, long startedMicros, Long endedMicros, List<String> modes,
                         String caFingerprint, boolean upstreamInsecure, boolean storeSecrets, long maxBody,
                         String optionsJson, String hostname, Long pid) {
    public SessionRow {
        modes = List.copyOf(modes);
    }
}
