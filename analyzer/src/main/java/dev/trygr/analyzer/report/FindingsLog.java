package dev.trygr.analyzer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects findings while the passes run: one finding per kind and key (a host, a client, a data type…), whose
 * evidence grows as more is seen, up to {@link ReportLimits#evidencePerFinding()} pieces (the rest are counted).
 * At most {@link ReportLimits#findingsPerKind()} findings per kind are kept; the others are counted and named in
 * the report's notes.
 */
final class FindingsLog {
    private static final List<String> SECTION_ORDER = List.of("summary", "destinations", "personal_data",
            "credentials", "push", "endpoints", "security", "dns", "activity");

    /** A finding in the making. */
    static final class Draft {
        private final String kind;
        private final Severity severity;
        private final String section;
        private final String title;
        private final String detail;
        private final String host;
        private final String client;
        private final List<Evidence> evidence = new ArrayList<>();
        private final int maxEvidence;
        private long occurrences;

        private Draft(String kind, Severity severity, String section, String title, String detail, String host,
                      String client, int maxEvidence) {
            this.kind = kind;
            this.severity = severity;
            this.section = section;
            this.title = title;
            this.detail = detail;
            this.host = host;
            this.client = client;
            this.maxEvidence = maxEvidence;
        }

        /** One more occurrence, with its evidence (kept while there is room). */
        Draft add(Evidence e) {
            occurrences++;
            if (e != null && evidence.size() < maxEvidence) {
                evidence.add(e);
            }
            return this;
        }

        /** Occurrences counted without evidence of their own. */
        Draft count(long n) {
            occurrences += n;
            return this;
        }

        private Finding finding() {
            List<Evidence> sorted = new ArrayList<>(evidence);
            sorted.sort(Comparator.comparing(Evidence::atMicros, Comparator.nullsLast(Comparator.naturalOrder())));
            return new Finding(null, kind, severity, section, title, detail, host, client, sorted,
                    Math.max(occurrences, 1));
        }
    }

    private static final Draft DISCARDED = new Draft("", Severity.INFO, "", "", "", null, null, 0);

    private final ReportLimits limits;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private final Map<String, Integer> perKind = new LinkedHashMap<>();
    private final Map<String, Long> dropped = new LinkedHashMap<>();

    FindingsLog(ReportLimits limits) {
        this.limits = limits;
    }

    /**
     * The finding of this kind and key, made with the given text when it is new. When the kind already has
     * {@link ReportLimits#findingsPerKind()} findings, a throw-away draft is returned and the finding is counted as
     * left out.
     */
    Draft draft(String kind, String key, Severity severity, String section, String title, String detail, String host,
                String client) {
        String id = kind + "\u0000" + key;
        Draft d = drafts.get(id);
        if (d != null) {
            return d;
        }
        int n = perKind.getOrDefault(kind, 0);
        if (n >= limits.findingsPerKind()) {
            dropped.merge(kind, 1L, Long::sum);
            return DISCARDED;
        }
        perKind.put(kind, n + 1);
        d = new Draft(kind, severity, section, title, detail, host, client, limits.evidencePerFinding());
        drafts.put(id, d);
        return d;
    }

    /** Every finding, most serious first, then by section, numbered F1, F2, …. */
    List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        for (Draft d : drafts.values()) {
            if (d != DISCARDED) {
                all.add(d.finding());
            }
        }
        all.sort(Comparator.comparing(Finding::severity)
                .thenComparing(f -> SECTION_ORDER.indexOf(f.section()))
                .thenComparing(Comparator.comparingLong(Finding::occurrences).reversed()));
        List<Finding> numbered = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            numbered.add(all.get(i).withId("F" + (i + 1)));
        }
        return numbered;
    }

    /** Notes for the kinds whose findings were capped. */
    List<String> notes() {
        List<String> out = new ArrayList<>();
        dropped.forEach((kind, n) -> out.add(n + " more '" + kind + "' findings were not listed (limit "
                + limits.findingsPerKind() + " per kind)"));
        return out;
    }
}
