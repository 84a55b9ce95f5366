package dev.trygr.analyzer.pii;

/**
 * How often one kind of finding occurred, for the groups whose findings were capped: findings are kept per data
 * type, destination, place and field (indices in field paths read as {@code []}) up to a limit; the rest are
 * only counted here.
 *
 * @param occurrences findings in the group, kept or not (one per flow and field)
 * @param flows       distinct flows they were in
 * @param kept        how many of them are in {@link PersonalDataFindings#findings()}
 */
public record FindingCount(String dataType, String destinationHost, String where, String fieldPath,
                           long occurrences, long flows, int kept) {
}
