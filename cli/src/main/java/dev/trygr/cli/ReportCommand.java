package dev.trygr.cli;

import dev.trygr.analyzer.report.Report;
import dev.trygr.analyzer.report.ReportBuilder;
import dev.trygr.analyzer.report.ReportOptions;
import dev.trygr.analyzer.tokens.CaptureRef;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.report.ReportProgress;
import dev.trygr.analyzer.report.Summary;
import dev.trygr.capture.CaptureReader;
import dev.trygr.reports.report.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the privacy report of a capture: who the clients talked to, what personal data and "
                + "credentials they sent to whom, the push channel, endpoints, transport security, DNS and activity "
                + "over time. Every finding links to its evidence (flow ids, times, redacted excerpts).",
            "HTML is one self-contained file (no script, no external request, prints cleanly); JSON carries the "
                + "same (docs/report-schema.md); text is for a terminal. No secret is ever printed."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "capture.db",
            description = "The capture to read. Default: ./capture.db.")
    Path capture;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write ('-' for standard output). Default: report.html for html, standard output "
                    + "for json and text.")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "html",
            description = "html, json or text. Default: html.")
    String format;

    @Option(names = "--pii-file", paramLabel = "FILE",
            description = "More personal values to look for (one 'type: value' per line), besides those learned "
                    + "from Ring's own answers.")
    Path piiFile;

    @Option(names = "--compare-with", paramLabel = "EARLIER",
            description = {"Add a token and push continuity section: did each client keep its refresh token and FCM "
                    + "registration since EARLIER (a capture file or FILE#SESSION)? (HTML and text.)"})
    String compareWith;

    @Option(names = "--session", paramLabel = "N", description = "Only this proxy session.")
    Long session;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ReportFormat f = parseFormat(format);
        if (piiFile != null && !Files.isRegularFile(piiFile)) {
            throw new UserError(ExitCode.USAGE, "no --pii-file at " + piiFile);
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.forTerminal(err);
        Report report = build(capture, session, piiFile, bar);
        bar.finish();
        TokenDiff tokenDiff = null;
        if (compareWith != null) {
            CaptureRef earlier = TokenSources.ref(compareWith, "--compare-with");
            CaptureRef current = new CaptureRef(capture, session);
            tokenDiff = TokenDiffer.diff(TokenSources.lineage(earlier), TokenSources.lineage(current));
        }
        Path target = out == null ? (f == ReportFormat.HTML ? Path.of("report.html") : null)
                : out.equals("-") ? null : Path.of(out);
        if (target == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            f.write(report, tokenDiff, stdout);
            stdout.flush();
        } else {
            write(report, tokenDiff, f, target);
            spec.commandLine().getOut().println("wrote " + target + ": " + headline(report));
        }
        return ExitCode.OK.code;
    }

    /** Builds the report of {@code captureFile} (all sessions when {@code session} is null). */
    static Report build(Path captureFile, Long session, Path piiFile, ReportProgress progress) {
        try (CaptureReader reader = Captures.reader(captureFile)) {
            ReportOptions options = ReportOptions.defaults("trygr " + TrygrCommand.version())
                    .withSession(session).withPiiFile(piiFile);
            return ReportBuilder.build(reader, options, progress);
        }
    }

    /** Writes the report to {@code file} through a temporary file next to it, so a reader never sees half. */
    static void write(Report report, ReportFormat format, Path file) throws IOException {
        write(report, null, format, file);
    }

    static void write(Report report, TokenDiff tokenDiff, ReportFormat format, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
                format.write(report, tokenDiff, w);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@code 12 findings (2 high, 3 medium, 5 low, 2 info)}. */
    static String headline(Report report) {
        StringBuilder b = new StringBuilder().append(report.findings().size()).append(" finding(s) (");
        for (Summary.SeverityCount c : report.summary().findingsBySeverity()) {
            if (b.charAt(b.length() - 1) != '(') {
                b.append(", ");
            }
            b.append(c.count()).append(' ').append(c.severity().label());
        }
        return b.append(')').toString();
    }

    private static ReportFormat parseFormat(String value) {
        try {
            return ReportFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "unknown --format '" + value + "': use html, json or text");
        }
    }
}
