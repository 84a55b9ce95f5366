package dev.trygr.cli;

import dev.trygr.capture.Capture;
import dev.trygr.capture.LossKind;
import dev.trygr.capture.har.HarException;
import dev.trygr.capture.har.HarImport;
import dev.trygr.capture.har.HarImportResult;
import dev.trygr.cli.display.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a HAR file into a capture as a new session (HAR 1.2, from a browser, mitmproxy, "
                + "HTTP Toolkit or 'trygr flows export'; WebSocket messages from _webSocketMessages).",
            "Entries are recorded in time order as if trygr had seen them live: secrets are redacted and the Ring/FCM "
                    + "recognizers run, so 'trygr tokens' and 'trygr report' work on the result.",
            "Entries that cannot be imported are skipped and reported by index (log.entries[N]); the rest is kept."})
final class ImportCommand implements Callable<Integer> {
    /** Problems printed one by one; the rest are counted. */
    private static final int SHOWN_PROBLEMS = 20;

    @Option(names = "--har", required = true, paramLabel = "FILE", description = "The HAR file to import.")
    Path har;

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "capture.db",
            description = "The capture to add the session to (created when missing). Default: ./capture.db.")
    Path capture;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1m",
            description = "Keep at most this much of each body and WebSocket message (k/m suffixes allowed). "
                    + "Default: 1m.")
    String maxBody;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long max = ByteSize.parse(maxBody, "--max-body");
        if (max > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("--max-body is at most 2g for an import, not " + maxBody);
        }
        if (!Files.exists(har)) {
            throw new UserError(ExitCode.NOT_FOUND, "no HAR file at " + har);
        }
        if (!Files.isRegularFile(har)) {
            throw new UserError(ExitCode.USAGE, har + " is not a file");
        }
        Rate rate = new Rate(err, "import", "entries");
        List<String> shown = new ArrayList<>();
        long[] hidden = {0};
        HarImport.Listener listener = new HarImport.Listener() {
            @Override
            public void problem(String message) {
                if (shown.size() < SHOWN_PROBLEMS) {
                    shown.add(message);
                    rate.clear();
                    err.println("trygr: import: " + message);
                } else {
                    hidden[0]++;
                }
            }

            @Override
            public void progress(long done, long total) {
                rate.update(done, total);
            }
        };
        HarImportResult result;
        try (Capture c = Capture.open(capture)) {
            result = HarImport.run(har, c, new HarImport.Options((int) max, TrygrCommand.version()), listener);
        } catch (HarException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        rate.clear();
        if (hidden[0] > 0) {
            err.println("trygr: import: … and " + hidden[0] + " more problem(s) not shown");
        }
        err.flush();
        summary(out, result, rate.seconds(), max);
        out.flush();
        return ExitCode.OK.code;
    }

    private void summary(PrintWriter out, HarImportResult r, double seconds, long max) {
        out.printf(Locale.ROOT, "imported %,d of %,d entries from %s into %s as session %d in %.1f s (%,.0f entries/s)%n",
                r.flows(), r.entries(), har, capture, r.sessionId(), seconds, r.entries() / Math.max(seconds, 1e-3));
        out.printf(Locale.ROOT, "  flows: %,d (%,d without a response); WebSocket messages: %,d; connections: %,d%n",
                r.flows(), r.withoutResponse(), r.wsMessages(), r.connections());
        if (r.skippedTotal() > 0) {
            List<String> why = new ArrayList<>();
            r.skipped().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> why.add(String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey())));
            out.printf(Locale.ROOT, "  skipped %,d entries: %s%n", r.skippedTotal(), String.join("; ", why));
        }
        if (r.problems() > 0) {
            out.printf(Locale.ROOT, "  %,d problem(s) worked around in imported entries (listed on stderr)%n",
                    r.problems());
        }
        if (r.truncatedBodies() > 0 || r.decodedBodies() > 0) {
            out.printf(Locale.ROOT, "  bodies: %,d cut to --max-body %s or not held whole by the HAR; %,d held decoded "
                            + "(their Content-Encoding header is stored as X-Trygr-Decoded-Content-Encoding)%n",
                    r.truncatedBodies(), Sizes.format(max), r.decodedBodies());
        }
        out.printf(Locale.ROOT, "  Ring/FCM: %,d token event(s), %,d FCM event(s), %,d finding(s)%s%n", r.tokenEvents(),
                r.fcmEvents(), r.findings(), r.tokenEvents() > 0 ? " (see 'trygr tokens lineage')" : "");
        for (Map.Entry<LossKind, Long> loss : r.losses().entrySet()) {
            if (loss.getValue() > 0) {
                out.printf(Locale.ROOT, "  recorder: %s %,d%n", loss.getKey().column(), loss.getValue());
            }
        }
        if (r.stopped() != null) {
            out.println("  warning: the HAR file is damaged: " + r.stopped());
        }
    }

    /**
     * Progress on standard error for long runs (after a second): how far, and how fast. On a terminal, one line
     * redrawn at most five times a second and wiped when done (as 'trygr report' draws its bar); otherwise a plain
     * line every ten seconds, for logs.
     */
    static final class Rate {
        private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
        private static final long REDRAW_NANOS = 200_000_000L;
        private static final long LOG_EVERY_NANOS = 10_000_000_000L;
        private final PrintWriter err;
        private final String what;
        private final String unit;
        private final boolean terminal;
        private final long start = System.nanoTime();
        private long last = start;
        private boolean drawn;

        Rate(PrintWriter err, String what, String unit) {
            this(err, what, unit, System.console() != null);
        }

        Rate(PrintWriter err, String what, String unit, boolean terminal) {
            this.err = err;
            this.what = what;
            this.unit = unit;
            this.terminal = terminal;
        }

        /** @param total 0 when not known */
        void update(long done, long total) {
            long now = System.nanoTime();
            if (now - start < SHOW_AFTER_NANOS || now - last < (terminal ? REDRAW_NANOS : LOG_EVERY_NANOS)) {
                return;
            }
            last = now;
            double perSecond = done / ((now - start) / 1e9);
            String line = total > 0
                    ? String.format(Locale.ROOT, "%s: %,d of %,d %s (%.0f%%), %,.0f %s/s", what, done, total, unit,
                            100.0 * done / total, perSecond, unit)
                    : String.format(Locale.ROOT, "%s: %,d %s, %,.0f %s/s", what, done, unit, perSecond, unit);
            if (terminal) {
                err.print("\r" + line + "\u001b[K");
                drawn = true;
            } else {
                err.println(line);
            }
            err.flush();
        }

        /** Wipes the progress line, if one is drawn (before printing anything else). */
        void clear() {
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
                drawn = false;
            }
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
