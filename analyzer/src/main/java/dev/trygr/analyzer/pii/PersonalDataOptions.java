package dev.trygr.analyzer.pii;

import java.nio.file.Path;

/**
 * What to scan.
 *
 * @param session only this session's flows are searched; null for all. Identifiers are harvested from the whole
 *                capture either way: the account does not change between proxy runs.
 * @param piiFile extra known values ({@code --pii-file}, format in {@link PiiFile}); null for none
 */
public record PersonalDataOptions(Long session, Path piiFile) {
    public static final PersonalDataOptions ALL = new PersonalDataOptions(null, null);
}
