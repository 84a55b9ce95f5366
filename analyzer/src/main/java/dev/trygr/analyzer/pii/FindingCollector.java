package dev.trygr.analyzer.pii;

import dev.trygr.capture.FlowSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns each flow's hits into findings: one per data type and field (the most trusted hit wins), nothing found
 * inside something more trusted (a family name inside the e-mail address), nothing reported twice across a decoded
 * layer; then keeps at most {@link #KEEP_PER_GROUP} findings per data type, destination, place and field, counting
 * the rest, so memory stays bounded whatever the capture's size.
 */
final class FindingCollector {
    static final int KEEP_PER_GROUP = 20;
    static final int MAX_GROUPS = 20_000;
    static final int MAX_FINDINGS = 50_000;
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final String OTHER_FIELDS = "(other fields)";

    private static final class Group {
        final String dataType;
        final String host;
        final String where;
        final String fieldPath;
        long occurrences;
        long flows;
        long lastFlow = -1;
        int kept;

        Group(String dataType, String host, String where, String fieldPath) {
            this.dataType = dataType;
            this.host = host;
            this.where = where;
            this.fieldPath = fieldPath;
        }
    }

    private final List<PersonalDataFinding> findings = new ArrayList<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final KnownValueMatcher known;

    /** @param known masks known values out of field names, which are shown as they are */
    FindingCollector(KnownValueMatcher known) {
        this.known = known;
    }

    /** A field path or name with any personal data in it masked (a JSON key can be an e-mail address). */
    String maskName(String name) {
        return PatternFinder.mask(known.mask(name));
    }

    void add(FlowSummary flow, List<Hit> hits) {
        if (hits.isEmpty()) {
            return;
        }
        for (Hit h : best(hits)) {
            String path = maskName(h.fieldPath());
            Group g = group(h.dataType(), flow.host(), h.segment().where(), path);
            g.occurrences++;
            if (g.lastFlow != flow.id()) {
                g.flows++;
                g.lastFlow = flow.id();
            }
            if (g.kept < KEEP_PER_GROUP && findings.size() < MAX_FINDINGS) {
                g.kept++;
                findings.add(finding(flow, h, path, hits));
            }
        }
    }

    PersonalDataFindings result(List<KnownValue> knownValues) {
        List<FindingCount> counts = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            counts.add(new FindingCount(g.dataType, g.host, g.where, g.fieldPath, g.occurrences, g.flows, g.kept));
        }
        return new PersonalDataFindings(findings, knownValues, counts);
    }

    /** One hit per data type, place and field; none inside a more trusted one; none behind its decoded layer. */
    static List<Hit> best(List<Hit> hits) {
        Map<String, Hit> byField = new LinkedHashMap<>();
        for (Hit h : hits) {
            if (insideBetter(h, hits)) {
                continue;
            }
            String key = h.dataType() + "\u0000" + h.segment().where() + "\u0000" + h.fieldPath();
            Hit other = byField.get(key);
            if (other == null || h.beats(other)) {
                byField.put(key, h);
            }
        }
        List<Hit> out = new ArrayList<>();
        for (Hit h : byField.values()) {
            if (!openedElsewhere(h, byField.values())) {
                out.add(h);
            }
        }
        return out;
    }

    /** Inside (or exactly over) a hit of another type that is more trusted, or as trusted and longer. */
    private static boolean insideBetter(Hit h, List<Hit> hits) {
        for (Hit o : hits) {
            boolean contains = o != h && o.segment() == h.segment() && o.start() <= h.start() && h.end() <= o.end();
            if (contains && !o.dataType().equals(h.dataType())
                    && (o.beats(h) || (o.end() - o.start() > h.end() - h.start() && !h.beats(o)))) {
                return true;
            }
        }
        return false;
    }

    /** Found in a value that was also opened and found again inside ({@code data} and {@code data|base64|...}). */
    private static boolean openedElsewhere(Hit h, Iterable<Hit> kept) {
        String prefix = h.fieldPath() + "|";
        for (Hit o : kept) {
            if (o != h && o.dataType().equals(h.dataType()) && o.fieldPath().startsWith(prefix)
                    && o.segment().where().equals(h.segment().where())) {
                return true;
            }
        }
        return false;
    }

    private Group group(String dataType, String host, String where, String fieldPath) {
        String path = INDEX.matcher(fieldPath).replaceAll("[]");
        String key = dataType + "\u0000" + host + "\u0000" + where + "\u0000" + path;
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= MAX_GROUPS) {
                String overflow = dataType + "\u0000" + host + "\u0000" + where + "\u0000" + OTHER_FIELDS;
                return groups.computeIfAbsent(overflow, k -> new Group(dataType, host, where, OTHER_FIELDS));
            }
            g = new Group(dataType, host, where, path);
            groups.put(key, g);
        }
        return g;
    }

    private PersonalDataFinding finding(FlowSummary flow, Hit h, String path, List<Hit> all) {
        Integer decimals = h.decimals();
        Double metres = decimals == null ? null : Coordinate.metres(decimals);
        return new PersonalDataFinding(h.dataType(), h.method(), h.form(), h.confidence(), flow.host(), null,
                flow.id(), flow.startedMicros(), h.segment().where(), path, Excerpts.of(h, all, this::maskName),
                decimals, metres);
    }
}
