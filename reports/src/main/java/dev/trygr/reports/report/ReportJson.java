package dev.trygr.reports.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trygr.analyzer.report.Report;

import java.io.IOException;
import java.io.Writer;

/**
 * The report as JSON: the analyzer's model as it is, field names in snake_case, times in microseconds since the
 * epoch (UTC), absent values as {@code null}. Documented field by field in docs/report-schema.md.
 */
public final class ReportJson {
    /** Bumped when a field is removed or changes meaning; adding fields does not bump it. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private ReportJson() {
    }

    public static void write(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, new Document(SCHEMA_VERSION, report));
        out.write('\n');
    }

    /** The top-level object: the schema version, then the report's sections. */
    private record Document(int reportSchema, @com.fasterxml.jackson.annotation.JsonUnwrapped Report report) {
    }
}
