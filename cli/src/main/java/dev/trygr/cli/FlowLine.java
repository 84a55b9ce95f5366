package dev.trygr.cli;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.cli.display.Durations;
import dev.trygr.cli.display.Sizes;

/** The one-line console summary of a recorded flow or a failed connection. Never includes a query string. */
final class FlowLine {
    private FlowLine() {
    }

    static String of(long flowId, CaptureEvent.FlowCompleted f) {
        String status = f.status() == 0 ? "---" : String.valueOf(f.status());
        String path = f.path() == null ? "" : f.path();
        if (path.length() > 60) {
            path = path.substring(0, 57) + "...";
        }
        if (f.query() != null) {
            path += "?…";
        }
        StringBuilder line = new StringBuilder()
                .append('#').append(flowId).append("  ")
                .append(f.method()).append(' ')
                .append(f.scheme()).append("://").append(f.host())
                .append(defaultPort(f.scheme(), f.port()) ? "" : ":" + f.port())
                .append(path).append("  ")
                .append(status).append("  ")
                .append(Sizes.format(f.responseBody().originalLength())).append("  ")
                .append(Durations.formatMillis(f.durationMicros() / 1000.0));
        if (f.error() != null) {
            line.append("  ! ").append(f.error());
        }
        return line.toString();
    }

    static String ofFailure(CaptureEvent.ConnectionClosed c) {
        String target = c.targetHost() == null ? "" : "  " + c.targetHost() + ":" + c.targetPort();
        return "!  " + c.outcome().column() + target + "  " + c.reason();
    }

    private static boolean defaultPort(String scheme, int port) {
        return ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
    }
}
