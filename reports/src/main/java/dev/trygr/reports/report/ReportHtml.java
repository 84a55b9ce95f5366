package dev.trygr.reports.report;

import dev.trygr.analyzer.report.Report;
import dev.trygr.reports.Html;

import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.reports.tokens.DiffHtml;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page: {@code report/report.peb} on the shared {@code base.peb}, one
 * included template per section, SVG charts from {@link Charts}. Everything is escaped by Pebble; nothing is
 * marked safe. No script, no external request.
 */
public final class ReportHtml {
    public static final String PAGE = "report/report.peb";

    private ReportHtml() {
    }

    public static void write(Report report, Writer out) throws IOException {
        write(report, null, out);
    }

    /** @param tokenDiff a token diff against an earlier capture, shown as a section; null for none */
    public static void write(Report report, TokenDiff tokenDiff, Writer out) throws IOException {
        Map<String, Object> model = model(report);
        if (tokenDiff != null) {
            model.put(DiffHtml.SECTION_VARIABLE, DiffHtml.model(tokenDiff));
        }
        Html.render(PAGE, model, out);
    }

    /** What the templates see: {@code r} (the report), {@code fmt} ({@link Format}) and {@code charts}. */
    static Map<String, Object> model(Report report) {
        Format fmt = new Format();
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("requests", Charts.activity(report.activity(), false, fmt));
        charts.put("bytes", Charts.activity(report.activity(), true, fmt));
        charts.put("push", Charts.counts(report.push().overTime(), report.activity().startMicros(),
                report.activity().bucketMicros(), "push message(s)", fmt));
        charts.put("tokens", Charts.timeline(report.credentials(), fmt));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("r", report);
        m.put("fmt", fmt);
        m.put("charts", charts);
        m.put("sections", Section.ALL);
        return m;
    }

    /** One of the report's sections: its anchor id and title, in order. */
    public record Section(String id, String title) {
        public static final List<Section> ALL = List.of(
                new Section("summary", "1. Summary"),
                new Section("destinations", "2. Destinations"),
                new Section("personal_data", "3. Personal data"),
                new Section("credentials", "4. Credentials"),
                new Section("push", "5. Push channel"),
                new Section("endpoints", "6. Endpoints"),
                new Section("security", "7. Security"),
                new Section("dns", "8. DNS"),
                new Section("activity", "9. Activity"));
    }
}
