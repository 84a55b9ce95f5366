package dev.trygr.analyzer.pii;

/**
 * One kind of the account's own identifiers and where it was learned: counts only, never the values.
 *
 * @param dataType the type, as in {@link PersonalDataFinding#dataType()}
 * @param source   where the values came from, e.g. {@code clients_api/profile response} or {@code --pii-file}
 * @param count    how many distinct values of that type that source gave
 */
public record KnownValue(String dataType, String source, int count) {
}
