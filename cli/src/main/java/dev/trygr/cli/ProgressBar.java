package dev.trygr.cli;

import dev.trygr.analyzer.report.ReportProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for long reports: drawn only on a terminal, only once the work has
 * taken more than a second, redrawn at most five times a second, and wiped when done.
 */
final class ProgressBar implements ReportProgress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar that draws when standard error is (most likely) a terminal. */
    static ProgressBar forTerminal(PrintWriter err) {
        return new ProgressBar(err, System.console() != null);
    }

    @Override
    public void progress(String stage, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - started < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(stage, done, total) + "\u001b[K");
        err.flush();
    }

    static String line(String stage, long done, long total) {
        String label = String.format(Locale.ROOT, "%-12s", stage);
        if (total <= 0) {
            return "report " + label + " " + String.format(Locale.ROOT, "%,d", done);
        }
        double f = Math.min(1, (double) done / total);
        int filled = (int) Math.round(f * WIDTH);
        return "report " + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3.0f%% %,d/%,d", f * 100, done, total);
    }

    /** Wipes the bar, if it was drawn. */
    void finish() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
