package dev.trygr.bench;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.LossRow;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a proxied run left in its capture, read with {@link CaptureReader} after trygr closed it.
 *
 * @param flows                  every flow row
 * @param flowsIncomplete        flows that are not a 200 with the whole expected body, or carry an error
 * @param flowsInWindow          flows that started inside the measured window
 * @param losses                 {@code losses} rows summed per kind
 * @param droppedInWindow        {@code flow_dropped} counted during the window (rows are written about once a
 *                               second, counting since the previous one: attribution is +-1 s)
 * @param connectionsIntercepted connection rows with outcome {@code intercepted}
 * @param distinctSni            distinct SNI names among them
 */
record CaptureCheck(long flows, long flowsIncomplete, long flowsInWindow, Map<String, Long> losses,
                    long droppedInWindow, long connectionsIntercepted, long distinctSni) {

    static CaptureCheck read(Path capture, LoadGenerator.Result run, int expectedBodyBytes) {
        long[] f = {0, 0, 0};
        Map<String, Long> losses = new LinkedHashMap<>();
        long dropped = 0;
        long intercepted = 0;
        Set<String> sni = new HashSet<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            reader.forEachFlow(FlowQuery.ALL, flow -> {
                f[0]++;
                if (flow.status() != 200 || flow.error() != null || flow.responseBytes() != expectedBodyBytes) {
                    f[1]++;
                }
                if (flow.startedMicros() >= run.windowStartEpochMicros()
                        && flow.startedMicros() < run.windowEndEpochMicros()) {
                    f[2]++;
                }
            });
            for (LossRow loss : reader.losses()) {
                losses.merge(loss.kind(), loss.count(), Long::sum);
                if (loss.kind().equals("flow_dropped") && loss.atMicros() > run.windowStartEpochMicros()
                        && loss.atMicros() <= run.windowEndEpochMicros() + 1_000_000) {
                    dropped += loss.count();
                }
            }
            for (ConnectionRow c : reader.connections()) {
                if (c.outcome() == ConnectionOutcome.INTERCEPTED) {
                    intercepted++;
                    if (c.sni() != null) {
                        sni.add(c.sni());
                    }
                }
            }
        }
        return new CaptureCheck(f[0], f[1], f[2], losses, dropped, intercepted, sni.size());
    }

    /** "kind count, kind count", or "0". */
    String lossText() {
        return losses.isEmpty() ? "0" : String.join(", ", losses.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }
}
