package dev.trygr.analyzer.pii;

/**
 * Hears how far a scan has come. Called on the scanning thread, every few hundred flows and once at the end of
 * each stage; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Says nothing. */
    ProgressListener NONE = (s, d, t) -> { };

    /**
     * @param stage {@code harvest} (reading Ring's own responses for the account's identifiers) or {@code scan}
     *              (searching what was sent)
     * @param done  flows done in this stage
     * @param total flows in this stage; negative while not known yet
     */
    void progress(String stage, long done, long total);
}
