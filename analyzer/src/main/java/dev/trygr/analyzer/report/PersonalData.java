package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 3: what personal data was sent to whom. The headline is the matrix: one row per destination, one column
 * per data type, each cell the number of times that type reached that destination.
 *
 * @param scanned     whether personal-data detection ran; when false the section is empty
 * @param dataTypes   the matrix columns, most frequent first
 * @param matrix      one row per destination, third parties first
 * @param fields      the findings grouped by data type, destination, place and field: what went where, how often
 * @param findings    each finding with its evidence, in flow order (capped by the detector)
 * @param capped      whether the detector kept only part of the findings (the matrix counts them all)
 * @param knownValues the account's own identifiers that were searched for: kinds, sources and counts, never values
 */
public record PersonalData(boolean scanned, List<String> dataTypes, List<Row> matrix, List<Field> fields,
                           List<Item> findings, boolean capped, List<KnownValue> knownValues) {
    public PersonalData {
        dataTypes = List.copyOf(dataTypes);
        matrix = List.copyOf(matrix);
        fields = List.copyOf(fields);
        findings = List.copyOf(findings);
        knownValues = List.copyOf(knownValues);
    }

    static final PersonalData NOT_SCANNED = new PersonalData(false, List.of(), List.of(), List.of(), List.of(),
            false, List.of());

    /** A destination and how often each data type (aligned with {@link #dataTypes()}) reached it. */
    public record Row(String host, String organisation, Party party, List<Long> counts, long total) {
        public Row {
            counts = List.copyOf(counts);
        }
    }

    /**
     * One data type in one field of requests to one destination.
     *
     * @param fieldPath  the field, array indices read as {@code []}
     * @param methods    the detection methods seen, most trusted first
     * @param forms      the forms seen ({@code plain}, {@code sha256}, …)
     * @param confidence the highest confidence seen
     * @param count      how many times (one per flow and field), including findings the detector did not keep
     * @param excerpt    the first finding's masked excerpt
     * @param precision  for locations, the finest precision seen; else null
     */
    public record Field(String dataType, String host, String organisation, Party party, String where,
                        String fieldPath, List<String> methods, List<String> forms, double confidence, long count,
                        long firstFlowId, long firstMicros, String excerpt, String precision) {
        public Field {
            methods = List.copyOf(methods);
            forms = List.copyOf(forms);
        }
    }

    /**
     * One piece of personal data in one request (see {@code dev.trygr.analyzer.pii.PersonalDataFinding}).
     *
     * @param method    {@code known_value}, {@code key_name} or {@code pattern}
     * @param form      {@code plain}, {@code url_encoded}, {@code base64}, {@code md5}, {@code sha1}, {@code sha256}
     * @param precision for locations, e.g. {@code 4 decimals (about 11 m)}; else null
     */
    public record Item(String dataType, String method, String form, double confidence, String host,
                       String organisation, Party party, long flowId, long atMicros, String where, String fieldPath,
                       String excerpt, Integer locationDecimals, Double locationMetres, String precision) {
    }

    /** One kind of the account's identifiers searched for, and where it was learned. */
    public record KnownValue(String dataType, String source, int count) {
    }
}
