package dev.trygr.analyzer.report;

import dev.trygr.analyzer.pii.FindingCount;
import dev.trygr.analyzer.pii.PersonalDataFinding;
import dev.trygr.analyzer.pii.PersonalDataFindings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 3 from what {@code dev.trygr.analyzer.pii.PersonalDataScan} found: the matrix of destinations × data
 * types, each finding with its party, the precision of locations, and one report finding per (data type,
 * destination). Also tells the endpoints section which fields of which flow carried personal data.
 */
final class PersonalDataTally {
    private final PersonalDataFindings found;
    private final DomainCatalog catalog;
    private final Map<Long, List<String>> fieldsByFlow = new HashMap<>();

    /** @param found the scan's result, or null when no scan ran */
    PersonalDataTally(PersonalDataFindings found, DomainCatalog catalog) {
        this.found = found;
        this.catalog = catalog;
        if (found != null) {
            for (PersonalDataFinding f : found.findings()) {
                fieldsByFlow.computeIfAbsent(f.flowId(), id -> new ArrayList<>(2))
                        .add(f.where() + '\u0000' + f.fieldPath() + '\u0000' + f.dataType());
            }
        }
    }

    /** The personal-data fields of one flow ({@code where \u0000 field \u0000 type}), empty when none. */
    List<String> fieldsOf(long flowId) {
        return fieldsByFlow.getOrDefault(flowId, List.of());
    }

    PersonalData section(FindingsLog findings) {
        if (found == null) {
            return PersonalData.NOT_SCANNED;
        }
        Map<String, Map<String, Long>> byHost = new LinkedHashMap<>();
        Map<String, Long> typeTotals = new HashMap<>();
        if (!found.counts().isEmpty()) {
            for (FindingCount c : found.counts()) {
                count(byHost, typeTotals, c.destinationHost(), c.dataType(), c.occurrences());
            }
        } else {
            for (PersonalDataFinding f : found.findings()) {
                count(byHost, typeTotals, f.destinationHost(), f.dataType(), 1);
            }
        }
        List<String> types = new ArrayList<>(typeTotals.keySet());
        types.sort(Comparator.comparingLong((String t) -> typeTotals.get(t)).reversed().thenComparing(t -> t));
        List<PersonalData.Row> rows = new ArrayList<>();
        byHost.forEach((host, counts) -> {
            DomainCatalog.DomainInfo info = catalog.lookup(host);
            List<Long> cells = new ArrayList<>(types.size());
            long total = 0;
            for (String t : types) {
                long n = counts.getOrDefault(t, 0L);
                cells.add(n);
                total += n;
            }
            rows.add(new PersonalData.Row(host, info.organisation(), info.party(), cells, total));
        });
        rows.sort(Comparator.comparing(PersonalData.Row::party).reversed()
                .thenComparing(Comparator.comparingLong(PersonalData.Row::total).reversed())
                .thenComparing(PersonalData.Row::host));
        List<PersonalData.Item> items = new ArrayList<>();
        Map<String, Long> kept = new HashMap<>();
        for (PersonalDataFinding f : found.findings()) {
            DomainCatalog.DomainInfo info = catalog.lookup(f.destinationHost());
            PersonalData.Item item = new PersonalData.Item(f.dataType(), f.method(), f.form(), f.confidence(),
                    HostTally.normalise(f.destinationHost()), info.organisation(), info.party(), f.flowId(),
                    f.atMicros(), f.where(), f.fieldPath(), f.excerpt(), f.locationDecimals(), f.locationMetres(),
                    precision(f.locationDecimals(), f.locationMetres()));
            items.add(item);
            raise(findings, item);
            kept.merge(item.dataType() + '\u0000' + item.host(), 1L, Long::sum);
        }
        for (FindingCount c : found.counts()) {   // what the detector counted but did not keep
            String key = c.dataType() + '\u0000' + HostTally.normalise(c.destinationHost());
            long left = c.occurrences() - c.kept();
            if (left > 0 && kept.containsKey(key)) {
                findings.draft("personal_data", key, Severity.INFO, "", "", "", null, null).count(left);
            }
        }
        List<PersonalData.KnownValue> known = found.knownValues().stream()
                .map(k -> new PersonalData.KnownValue(k.dataType(), k.source(), k.count())).toList();
        return new PersonalData(true, types, rows, fields(items), items, found.capped(), known);
    }

    /** The findings grouped by (type, host, place, field), counts taken from the detector's full group counts. */
    private List<PersonalData.Field> fields(List<PersonalData.Item> items) {
        Map<String, Long> full = new HashMap<>();
        for (FindingCount c : found.counts()) {
            full.merge(groupKey(c.dataType(), HostTally.normalise(c.destinationHost()), c.where(), c.fieldPath()),
                    c.occurrences(), Long::sum);
        }
        Map<String, List<PersonalData.Item>> groups = new LinkedHashMap<>();
        for (PersonalData.Item i : items) {
            groups.computeIfAbsent(groupKey(i.dataType(), i.host(), i.where(), i.fieldPath()),
                    k -> new ArrayList<>()).add(i);
        }
        List<PersonalData.Field> out = new ArrayList<>();
        groups.forEach((key, list) -> {
            PersonalData.Item first = list.get(0);
            List<String> methods = list.stream().map(PersonalData.Item::method).distinct()
                    .sorted(Comparator.comparingInt(PersonalDataTally::methodRank)).toList();
            List<String> forms = list.stream().map(PersonalData.Item::form).distinct().toList();
            double confidence = list.stream().mapToDouble(PersonalData.Item::confidence).max().orElse(0);
            PersonalData.Item finest = list.stream().filter(i -> i.locationDecimals() != null)
                    .max(Comparator.comparingInt(PersonalData.Item::locationDecimals)).orElse(null);
            long count = Math.max(list.size(), full.getOrDefault(key, 0L));
            out.add(new PersonalData.Field(first.dataType(), first.host(), first.organisation(), first.party(),
                    first.where(), Excerpts.generalPath(first.fieldPath()), methods, forms, confidence, count,
                    first.flowId(), first.atMicros(), first.excerpt(), finest == null ? null : finest.precision()));
        });
        out.sort(Comparator.comparing(PersonalData.Field::party).reversed()
                .thenComparing(Comparator.comparingLong(PersonalData.Field::count).reversed())
                .thenComparing(PersonalData.Field::host).thenComparing(PersonalData.Field::dataType));
        return out;
    }

    private static String groupKey(String type, String host, String where, String field) {
        return type + '\u0000' + host + '\u0000' + where + '\u0000'
                + (field == null ? "" : Excerpts.generalPath(field));
    }

    private static int methodRank(String method) {
        return switch (method) {
            case "known_value" -> 0;
            case "key_name" -> 1;
            case "pattern" -> 2;
            default -> 3;
        };
    }

    private static void count(Map<String, Map<String, Long>> byHost, Map<String, Long> totals, String host,
                              String type, long n) {
        byHost.computeIfAbsent(HostTally.normalise(host), h -> new HashMap<>()).merge(type, n, Long::sum);
        totals.merge(type, n, Long::sum);
    }

    static String precision(Integer decimals, Double metres) {
        if (decimals == null) {
            return null;
        }
        String m = metres == null ? "" : metres >= 1000 ? String.format(Locale.ROOT, " (about %.0f km)", metres / 1000)
                : metres >= 1 ? String.format(Locale.ROOT, " (about %.0f m)", metres)
                : String.format(Locale.ROOT, " (about %.0f cm)", metres * 100);
        return decimals + (decimals == 1 ? " decimal" : " decimals") + m;
    }

    private static FindingsLog.Draft raise(FindingsLog findings, PersonalData.Item item) {
        Severity severity = switch (item.party()) {
            case THIRD_PARTY -> Severity.HIGH;
            case UNKNOWN, PLATFORM -> Severity.MEDIUM;
            default -> Severity.INFO;
        };
        if (item.confidence() < 0.5 && severity != Severity.INFO) {
            severity = Severity.values()[severity.ordinal() + 1];
        }
        String who = item.organisation() != null ? item.organisation() + ", " + item.party().label()
                : item.party().label();
        String type = item.dataType().replace('_', ' ');
        String title = (item.precision() != null ? "A location (" + item.precision() + ")" : "Personal data (" + type
                + ")") + " was sent to " + item.host() + " (" + who + ")";
        String detail = switch (item.party()) {
            case THIRD_PARTY -> "A third party received this. Check whether the product's privacy policy names it "
                    + "and what it does with the data.";
            case FIRST_PARTY -> "The product's own cloud received this; listed so the whole picture is visible.";
            case PLATFORM -> "A platform provider received this; platforms usually process data on the product's "
                    + "behalf, but this one saw the content.";
            default -> "trygr's domain list does not know who runs this host: find out who does.";
        };
        return findings.draft("personal_data", item.dataType() + '\u0000' + item.host(), severity, "personal_data",
                        title, detail, item.host(), null)
                .add(new Evidence(item.flowId(), item.atMicros(), item.host(), item.where(), item.fieldPath(),
                        item.excerpt()));
    }
}
