package dev.trygr.analyzer.report;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What to report on.
 *
 * @param session        only this session; null for the whole capture
 * @param piiFile        extra known personal values for section 3 ({@code --pii-file}); null for none
 * @param personalData   whether to run personal-data detection (section 3 stays empty when false)
 * @param generator      what made the report, shown in it ({@code trygr 0.1.0})
 * @param limits         the caps that bound memory
 * @param clock          the report's generation time
 */
public record ReportOptions(Long session, Path piiFile, boolean personalData, String generator, ReportLimits limits,
                            Clock clock) {
    public ReportOptions {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
    }

    /** The whole capture, personal-data detection on, default limits. */
    public static ReportOptions defaults(String generator) {
        return new ReportOptions(null, null, true, generator, ReportLimits.DEFAULTS, Clock.systemUTC());
    }

    public ReportOptions withSession(Long id) {
        return new ReportOptions(id, piiFile, personalData, generator, limits, clock);
    }

    public ReportOptions withPiiFile(Path file) {
        return new ReportOptions(session, file, personalData, generator, limits, clock);
    }

    public ReportOptions withPersonalData(boolean on) {
        return new ReportOptions(session, piiFile, on, generator, limits, clock);
    }

    public ReportOptions withLimits(ReportLimits newLimits) {
        return new ReportOptions(session, piiFile, personalData, generator, newLimits, clock);
    }

    public ReportOptions withClock(Clock newClock) {
        return new ReportOptions(session, piiFile, personalData, generator, limits, newClock);
    }
}
