package dev.trygr.analyzer.report;

import java.util.List;

/**
 * The privacy report of one capture (or one session of it): every section's model and every finding. Built by
 * {@link ReportBuilder}; rendered as HTML, JSON and text by {@code dev.trygr.reports.report}. The JSON form is
 * documented in docs/report-schema.md.
 *
 * @param findings every finding, most serious first; sections refer to them by {@link Finding#section()}
 */
public record Report(ReportMeta meta, Summary summary, List<Finding> findings, Destinations destinations,
                     PersonalData personalData, Credentials credentials, PushChannel push, Endpoints endpoints,
                     Security security, Dns dns, Activity activity) {
    public Report {
        findings = List.copyOf(findings);
    }

    /** The findings of one section, most serious first. */
    public List<Finding> findingsOf(String section) {
        return findings.stream().filter(f -> f.section().equals(section)).toList();
    }
}
