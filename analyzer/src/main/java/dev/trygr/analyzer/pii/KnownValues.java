package dev.trygr.analyzer.pii;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account's own identifiers, gathered from Ring's responses and the {@code --pii-file}: each value once (the
 * most distinctive reading wins), with how many distinct values of each type each source gave.
 */
final class KnownValues {
    static final int MAX_IDENTIFIERS = 5_000;
    static final int MAX_COORDINATES = 500;
    private static final int MAX_VALUE_CHARS = 512;
    static final int MIN_NUMERIC_DIGITS = 6;

    private final Map<String, Identifier> identifiers = new LinkedHashMap<>();
    private final Map<String, Coordinate> latitudes = new LinkedHashMap<>();
    private final Map<String, Coordinate> longitudes = new LinkedHashMap<>();
    private final Map<String, Set<String>> bySource = new LinkedHashMap<>();

    /** Adds one value; blanks, markers and oversized values are ignored. */
    void add(String dataType, String value, Identifier.Strength strength, Set<String> requiredKey, String source) {
        String v = value == null ? "" : value.strip();
        if (v.length() < 2 || v.length() > MAX_VALUE_CHARS || v.contains(Markers.PREFIX)) {
            return;
        }
        if (strength == Identifier.Strength.NUMERIC && requiredKey.isEmpty() && v.length() < MIN_NUMERIC_DIGITS) {
            return;  // a short number is in every request
        }
        String key = dataType + "\u0000" + Spellings.lower(v);
        Identifier candidate = new Identifier(dataType, v, strength, requiredKey);
        Identifier existing = identifiers.get(key);
        if (existing == null && identifiers.size() >= MAX_IDENTIFIERS) {
            return;
        }
        if (existing == null || better(candidate, existing)) {
            identifiers.put(key, candidate);
        }
        count(dataType, source, Spellings.lower(v));
    }

    void add(String dataType, String value, Identifier.Strength strength, String source) {
        add(dataType, value, strength, Set.of(), source);
    }

    /** A latitude ({@code latitude} true) or longitude the account uses. */
    boolean coordinate(boolean latitude, String text, String source) {
        Coordinate c = Coordinate.parse(text == null ? "" : text).orElse(null);
        if (c == null || c.decimals() < 2 || c.value() == 0 || !(latitude ? c.isLatitude() : c.isLongitude())) {
            return false;
        }
        Map<String, Coordinate> target = latitude ? latitudes : longitudes;
        if (target.size() < MAX_COORDINATES) {
            target.putIfAbsent(text.strip(), c);
        }
        count(latitude ? "location" : "\u0000longitude", source, text.strip());
        return true;
    }

    private void count(String dataType, String source, String value) {
        Set<String> values = bySource.computeIfAbsent(dataType + "\u0000" + source, k -> new LinkedHashSet<>());
        if (values.size() < MAX_IDENTIFIERS) {
            values.add(value);
        }
    }

    private static boolean better(Identifier a, Identifier b) {
        if (a.strength() != b.strength()) {
            return a.strength().ordinal() < b.strength().ordinal();
        }
        return a.requiredKey().isEmpty() && !b.requiredKey().isEmpty();
    }

    boolean isEmpty() {
        return identifiers.isEmpty() && latitudes.isEmpty() && longitudes.isEmpty();
    }

    /** Kinds and counts per source; locations counted by their latitudes (longitudes when only those came). */
    List<KnownValue> summary() {
        List<KnownValue> out = new ArrayList<>();
        Map<String, Integer> longitudesOnly = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : bySource.entrySet()) {
            String[] parts = e.getKey().split("\u0000", -1);
            if (parts[0].isEmpty()) {   // longitudes, keyed "\0longitude\0source"
                longitudesOnly.put(parts[2], e.getValue().size());
            } else {
                out.add(new KnownValue(parts[0], parts[1], e.getValue().size()));
            }
        }
        longitudesOnly.forEach((source, n) -> {
            boolean counted = out.stream().anyMatch(k -> k.dataType().equals("location") && k.source().equals(source));
            if (!counted) {
                out.add(new KnownValue("location", source, n));
            }
        });
        return out;
    }

    KnownValueMatcher matcher() {
        return new KnownValueMatcher(new ArrayList<>(identifiers.values()));
    }

    LocationFinder locationFinder() {
        return new LocationFinder(new ArrayList<>(latitudes.values()), new ArrayList<>(longitudes.values()));
    }
}
