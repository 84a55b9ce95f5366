package dev.trygr.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.StoredBody;
import dev.trygr.capture.har.HarExportResult;
import dev.trygr.capture.har.HarWriter;
import dev.trygr.capture.secrets.Redactor;
import dev.trygr.cli.display.BodyRenderer;
import dev.trygr.cli.display.Durations;
import dev.trygr.cli.display.Sizes;
import dev.trygr.cli.display.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "List, show and export recorded HTTP exchanges.",
        subcommands = {FlowsCommand.ListFlows.class, FlowsCommand.Show.class, FlowsCommand.Export.class})
final class FlowsCommand implements Runnable {

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "capture.db",
            scope = picocli.CommandLine.ScopeType.INHERIT, description = "The capture to read. Default: ./capture.db.")
    Path capture;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    CaptureReader open() {
        return Captures.reader(capture);
    }

    static String micros(long micros) {
        return Captures.time(micros);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One row per flow, oldest first.")
    static final class ListFlows implements Runnable {
        @ParentCommand
        FlowsCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--host", paramLabel = "GLOB", description = "Only hosts matching, e.g. '*.ring.com'.")
        String host;

        @Option(names = "--session", paramLabel = "N", description = "Only this proxy session.")
        Long session;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Option(names = "--show-secrets", description = "Show raw secrets kept with --store-secrets.")
        boolean showSecrets;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            FlowQuery query = new FlowQuery(host, session, 0, 0);
            try (CaptureReader reader = parent.open()) {
                Redactor redactor = showSecrets ? null : new Redactor(reader.secretKey());
                if (json) {
                    ObjectMapper mapper = new ObjectMapper();
                    mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    reader.forEachFlow(query, f -> {
                        try {
                            out.println(mapper.writeValueAsString(jsonRow(f, redactor)));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    out.flush();
                    return;
                }
                TextTable table = TextTable.withHeader("ID", "STARTED (local)", "METHOD", "HOST", "PATH", "STATUS",
                        "REQ", "RESP", "TIME", "ERROR").maxWidth(4, 48).maxWidth(9, 40);
                DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                        .withZone(ZoneId.systemDefault());
                int[] count = new int[1];
                reader.forEachFlow(query, f -> {
                    count[0]++;
                    table.row(String.valueOf(f.id()),
                            time.format(Instant.ofEpochMilli(f.startedMicros() / 1000)), f.method(),
                            f.host() + (f.port() == 443 || f.port() == 80 ? "" : ":" + f.port()),
                            pathAndQuery(f, redactor),
                            f.status() == 0 ? "---" : String.valueOf(f.status()),
                            Sizes.format(f.requestBytes()), Sizes.format(f.responseBytes()),
                            f.durationMicros() == null ? "" : Durations.formatMillis(f.durationMicros() / 1000.0),
                            f.error() == null ? "" : f.error());
                });
                if (count[0] == 0) {
                    out.println("no flows" + (host != null ? " for hosts matching '" + host + "'" : "")
                            + " in " + parent.capture);
                } else {
                    String rendered = table.render();
                    out.print(rendered.endsWith("\n") ? rendered : rendered + "\n");
                }
                out.flush();
            }
        }

        private static String pathAndQuery(FlowSummary f, Redactor redactor) {
            String q = f.query();
            if (q != null && redactor != null) {
                q = redactor.query(q).value();
            }
            return (f.path() == null ? "" : f.path()) + (q == null ? "" : "?" + q);
        }

        private static Map<String, Object> jsonRow(FlowSummary f, Redactor redactor) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", f.id());
            row.put("session", f.sessionId());
            row.put("started", micros(f.startedMicros()));
            row.put("client", f.clientAddress());
            row.put("method", f.method());
            row.put("scheme", f.scheme());
            row.put("host", f.host());
            row.put("port", f.port());
            row.put("path", f.path());
            row.put("query", f.query() == null || redactor == null ? f.query() : redactor.query(f.query()).value());
            row.put("status", f.status() == 0 ? null : f.status());
            row.put("request_bytes", f.requestBytes());
            row.put("response_bytes", f.responseBytes());
            row.put("duration_ms", f.durationMicros() == null ? null : f.durationMicros() / 1000.0);
            row.put("error", f.error());
            return row;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Request and response of one flow: headers in wire order, bodies decoded for display.")
    static final class Show implements Runnable {
        @ParentCommand
        FlowsCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The flow's id (from 'trygr flows list').")
        long id;

        @Option(names = "--show-secrets", description = "Show raw secrets kept with --store-secrets.")
        boolean showSecrets;

        @Option(names = "--max-chars", paramLabel = "N", defaultValue = "20000",
                description = "Show at most this many characters of each body. Default: 20000.")
        int maxChars;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (CaptureReader reader = parent.open()) {
                FlowDetail flow = reader.flow(id).orElseThrow(() -> new UserError(ExitCode.NOT_FOUND,
                        "no flow " + id + " in " + parent.capture));
                Redactor redactor = showSecrets ? null : new Redactor(reader.secretKey());
                out.print(render(flow, redactor, maxChars));
                out.flush();
            }
        }

        static String render(FlowDetail d, Redactor redactor, int maxChars) {
            FlowSummary f = d.summary();
            StringWriter s = new StringWriter();
            PrintWriter w = new PrintWriter(s);
            w.printf("flow %d  session %d  %s  client %s%n", f.id(), f.sessionId(), micros(f.startedMicros()),
                    f.clientAddress() == null ? "?" : f.clientAddress() + ":" + f.clientPort());
            if (f.error() != null) {
                w.println("error: " + f.error());
            }
            String target = redactor == null ? f.target() : redactor.target(f.target()).value();
            w.println();
            w.printf("%s %s://%s%s %s%n", f.method(), f.scheme(), authority(f), target.startsWith("/") ? target
                    : " (as sent: " + target + ")", d.httpVersion());
            headers(w, d.requestHeaders(), redactor);
            body(w, d.requestBody(), d.requestHeaders(), redactor, maxChars);
            w.println();
            if (f.status() == 0) {
                w.println("(no response)");
            } else {
                w.printf("%s %d %s%s%n", d.responseVersion(), f.status(), d.reason() == null ? "" : d.reason(),
                        f.durationMicros() == null ? "" : "   (" + Durations.formatMillis(f.durationMicros() / 1000.0) + ")");
                headers(w, d.responseHeaders(), redactor);
                body(w, d.responseBody(), d.responseHeaders(), redactor, maxChars);
            }
            w.flush();
            return s.toString();
        }

        private static String authority(FlowSummary f) {
            boolean standard = ("https".equals(f.scheme()) && f.port() == 443) || ("http".equals(f.scheme()) && f.port() == 80);
            return f.host() + (standard ? "" : ":" + f.port());
        }

        private static void headers(PrintWriter w, List<Header> headers, Redactor redactor) {
            List<Header> shown = redactor == null ? headers : redactor.headers(headers).value();
            for (Header h : shown) {
                w.println(h.name() + ": " + h.value());
            }
        }

        private static void body(PrintWriter w, StoredBody body, List<Header> headers, Redactor redactor, int maxChars) {
            if (body == null || body.originalLength() == 0) {
                return;
            }
            w.println();
            if (body.withheld()) {
                w.println("[body withheld: " + Sizes.format(body.originalLength())
                        + "; it may hold a secret that could not be scanned]");
                return;
            }
            byte[] data = body.data();
            String encoding = body.contentEncoding();
            if (redactor != null) {
                var masked = redactor.body(data, body.truncated(), body.contentType(), encoding);
                data = masked.data();
                encoding = masked.contentEncoding();
            }
            BodyDecoding.Decoded decoded = BodyDecoding.decode(data, encoding, body.truncated());
            w.println(BodyRenderer.render(decoded.bytes(), body.contentType(), maxChars));
            StringBuilder note = new StringBuilder("[")
                    .append(Sizes.format(body.originalLength())).append(" on the wire");
            if (body.truncated()) {
                note.append(", first ").append(Sizes.format(body.storedLength())).append(" kept");
            }
            if (body.decodedFrom() != null) {
                note.append(", decoded from ").append(body.decodedFrom()).append(" to redact secrets");
            }
            if (decoded.note() != null && !decoded.note().isEmpty()) {
                note.append(", ").append(decoded.note());
            }
            w.println(note.append(']'));
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write flows as a HAR 1.2 file, streamed (any capture size), oldest first.",
                "Headers in wire order with duplicates; bodies decoded, as text or base64; WebSocket messages as "
                        + "_webSocketMessages; trygr's own fields under _trygr. Secrets stay redacted."})
    static final class Export implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        FlowsCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--har", required = true, paramLabel = "FILE",
                description = "Where to write the HAR; '-' for standard output.")
        String har;

        @Option(names = "--host", paramLabel = "GLOB", description = "Only hosts matching, e.g. '*.ring.com'.")
        String host;

        @Option(names = "--session", paramLabel = "N", description = "Only this session.")
        Long session;

        @Option(names = "--show-secrets",
                description = "Write raw secrets kept with --store-secrets as they are (the HAR then holds them).")
        boolean showSecrets;

        @Option(names = "--force", description = "Overwrite FILE if it exists.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FlowQuery query = new FlowQuery(host, session, 0, 0);
            ImportCommand.Rate rate = new ImportCommand.Rate(err, "export", "flows");
            try (CaptureReader reader = parent.open()) {
                HarWriter.Options options = new HarWriter.Options(TrygrCommand.version(), showSecrets,
                        "exported by trygr from " + parent.capture.getFileName()
                                + (showSecrets ? "" : "; secrets are redacted (REDACTED:<kind>:<fingerprint>)"));
                HarExportResult result;
                if (har.equals("-")) {
                    result = HarWriter.write(reader, query, out, options, n -> rate.update(n, 0));
                    out.println();
                    out.flush();
                } else {
                    result = toFile(reader, query, options, rate);
                }
                rate.clear();
                PrintWriter summary = har.equals("-") ? err : out;
                summary.printf(Locale.ROOT, "exported %,d flow(s) and %,d WebSocket message(s) from %s to %s in %.1f s"
                                + " (%,.0f flows/s)%n", result.entries(), result.wsMessages(), parent.capture,
                        har.equals("-") ? "standard output" : har, rate.seconds(),
                        result.entries() / Math.max(rate.seconds(), 1e-3));
                if (result.redactedAtExport() > 0) {
                    summary.printf(Locale.ROOT, "  %,d flow(s) of --store-secrets sessions had their raw secrets "
                            + "redacted on the way out (--show-secrets keeps them)%n", result.redactedAtExport());
                }
                if (result.entries() == 0) {
                    summary.println("  no flows" + (host != null ? " for hosts matching '" + host + "'" : "")
                            + (session != null ? " in session " + session : "") + ": the HAR has no entries");
                }
                summary.flush();
            }
            return ExitCode.OK.code;
        }

        /** Writes next to the target, owner-only, and moves it into place: no half-written HAR is left behind. */
        private HarExportResult toFile(CaptureReader reader, FlowQuery query, HarWriter.Options options,
                                       ImportCommand.Rate rate) throws IOException {
            Path target = Path.of(har).toAbsolutePath();
            if (Files.exists(target) && !force) {
                throw new UserError(ExitCode.EXISTS, har + " exists; pass --force to overwrite it");
            }
            if (Files.isDirectory(target)) {
                throw new UserError(ExitCode.USAGE, har + " is a folder");
            }
            Path folder = target.getParent();
            Files.createDirectories(folder);
            Path part = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(folder, "." + target.getFileName(), ".part",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(folder, "." + target.getFileName(), ".part");
            boolean moved = false;
            try {
                HarExportResult result;
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                    result = HarWriter.write(reader, query, os, options, n -> rate.update(n, 0));
                }
                try {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
                moved = true;
                return result;
            } finally {
                if (!moved) {
                    Files.deleteIfExists(part);
                }
            }
        }
    }
}
