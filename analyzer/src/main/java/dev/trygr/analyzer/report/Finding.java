package dev.trygr.analyzer.report;

import java.util.List;

/**
 * One thing the report wants a reader to know, with its evidence.
 *
 * @param id          {@code F1}, {@code F2}, … in the order the report lists them (most serious first)
 * @param kind        machine-readable kind ({@code token_to_other_party}, {@code plaintext_http}, …); see
 *                    docs/report-schema.md
 * @param section     the report section it belongs to ({@code summary}, {@code destinations},
 *                    {@code personal_data}, {@code credentials}, {@code push}, {@code endpoints}, {@code security},
 *                    {@code dns}, {@code activity})
 * @param title       one line for people
 * @param detail      what it means and what to do, for people
 * @param host        the destination it is about, when it is about one
 * @param client      the client it is about (hardware_id or address), when it is about one
 * @param evidence    up to {@link ReportLimits#evidencePerFinding()} pieces of evidence, oldest first
 * @param occurrences how many times it was seen in all (the evidence list may be shorter)
 */
public record Finding(String id, String kind, Severity severity, String section, String title, String detail,
                      String host, String client, List<Evidence> evidence, long occurrences) {
    public Finding {
        evidence = List.copyOf(evidence);
    }

    Finding withId(String newId) {
        return new Finding(newId, kind, severity, section, title, detail, host, client, evidence, occurrences);
    }
}
