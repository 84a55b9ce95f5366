package dev.trygr.analyzer.pii;

import java.util.List;

/**
 * What a {@link PersonalDataScan} found.
 *
 * @param findings    personal data sent, in flow order; capped per group (see {@link FindingCount})
 * @param knownValues the account's identifiers that were searched for: kinds and counts, never values
 * @param counts      every group of findings with its full count, including what the cap left out
 */
public record PersonalDataFindings(List<PersonalDataFinding> findings, List<KnownValue> knownValues,
                                   List<FindingCount> counts) {
    public PersonalDataFindings {
        findings = List.copyOf(findings);
        knownValues = List.copyOf(knownValues);
        counts = List.copyOf(counts);
    }

    /** Findings and known values without group counts. */
    public PersonalDataFindings(List<PersonalDataFinding> findings, List<KnownValue> knownValues) {
        this(findings, knownValues, List.of());
    }

    /** Whether any finding was left out by the cap. */
    public boolean capped() {
        return counts.stream().anyMatch(c -> c.occurrences() > c.kept());
    }
}
