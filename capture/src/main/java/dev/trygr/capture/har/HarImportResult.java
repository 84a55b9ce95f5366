package dev.trygr.capture.har;

import dev.trygr.capture.LossKind;

import java.util.Map;

/**
 * What one {@link HarImport} did.
 *
 * @param sessionId        the session the entries went into
 * @param entries          entries in the HAR (those that could be read)
 * @param flows            flows recorded
 * @param withoutResponse  of those, flows without a response (no response object, or status 0)
 * @param wsMessages       WebSocket messages recorded
 * @param skipped          entries that could not become a flow, by reason
 * @param problems         things worked around in imported entries (a header without a name, base64 that is not)
 * @param truncatedBodies  bodies cut to {@code --max-body}, or that the HAR did not hold whole
 * @param decodedBodies    bodies the HAR held decoded whose Content-Encoding header was renamed
 * @param connections      connection rows opened
 * @param tokenEvents      {@code token_events} rows the recognizers wrote
 * @param fcmEvents        {@code fcm_events} rows the recognizers wrote
 * @param findings         of those, findings (stale reuse, invalid_grant, …)
 * @param losses           what the writer had to give up (withheld bodies, …), by kind
 * @param stopped          why the file could not be read to its end, or null
 */
public record HarImportResult(long sessionId, int entries, long flows, long withoutResponse, long wsMessages,
                              Map<String, Long> skipped, long problems, long truncatedBodies, long decodedBodies,
                              long connections, long tokenEvents, long fcmEvents, long findings,
                              Map<LossKind, Long> losses, String stopped) {
    public HarImportResult {
        skipped = Map.copyOf(skipped);
        losses = Map.copyOf(losses);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
