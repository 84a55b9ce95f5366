package dev.trygr.reports.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import dev.trygr.analyzer.report.Report;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.reports.tokens.DiffText;

import java.io.PrintWriter;

/** The report's output formats. */
public enum ReportFormat {
    HTML,
    JSON,
    TEXT;

    /** Writes {@code report} in this format. */
    public void write(Report report, Writer out) throws IOException {
        write(report, null, out);
    }

    /**
     * Writes {@code report} with a token diff against an earlier capture as an extra section (HTML and text;
     * JSON carries the report alone: {@code trygr tokens diff --json} gives the diff's).
     *
     * @param tokenDiff null for none
     */
    public void write(Report report, TokenDiff tokenDiff, Writer out) throws IOException {
        switch (this) {
            case HTML -> ReportHtml.write(report, tokenDiff, out);
            case JSON -> ReportJson.write(report, out);
            case TEXT -> {
                ReportText.write(report, out);
                if (tokenDiff != null) {
                    PrintWriter text = new PrintWriter(out);
                    text.println();
                    new DiffText(text).render(tokenDiff);
                    text.flush();
                }
            }
        }
    }

    /** {@code html}, {@code json}, {@code text}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
