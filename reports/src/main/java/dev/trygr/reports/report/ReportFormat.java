package dev.trygr.reports.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import dev.trygr.analyzer.report.Report;

/** The report's output formats. */
public enum ReportFormat {
    HTML,
    JSON,
    TEXT;

    /** Writes {@code report} in this format. */
    public void write(Report report, Writer out) throws IOException {
        switch (this) {
            case HTML -> ReportHtml.write(report, out);
            case JSON -> ReportJson.write(report, out);
            case TEXT -> ReportText.write(report, out);
        }
    }

    /** {@code html}, {@code json}, {@code text}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
