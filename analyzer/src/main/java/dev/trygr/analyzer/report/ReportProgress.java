package dev.trygr.analyzer.report;

/**
 * Hears how far a report has come, on the building thread; keep it quick. Stages, in order: {@code dns},
 * {@code connections}, {@code tokens}, {@code harvest} and {@code scan} (personal data), {@code credentials},
 * {@code flows}, {@code bodies}, {@code push}.
 */
@FunctionalInterface
public interface ReportProgress {
    /** Says nothing. */
    ReportProgress NONE = (stage, done, total) -> { };

    /**
     * @param done  items done in this stage
     * @param total items in this stage; negative when not known
     */
    void progress(String stage, long done, long total);
}
