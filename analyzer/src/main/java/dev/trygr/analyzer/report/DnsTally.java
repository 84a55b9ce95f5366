package dev.trygr.analyzer.report;

import dev.trygr.capture.DnsQueryRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Section 8's counters: per client, each (name, type) asked, with outcomes and the first answers. */
final class DnsTally {
    private static final int MAX_ANSWERS = 3;
    private static final int MAX_NAMES = 50_000;

    private static final class Name {
        final String name;
        final String type;
        long count;
        final Map<String, Long> outcomes = new TreeMap<>();
        final List<String> answers = new ArrayList<>(MAX_ANSWERS);
        Long first;
        Long last;

        Name(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    private final int maxRows;
    private final Map<String, Map<String, Name>> byClient = new LinkedHashMap<>();
    private final Map<String, Long> queriesByClient = new LinkedHashMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Set<String> names = new HashSet<>();
    private int rows;
    private long queries;
    private boolean capped;

    DnsTally(int maxRows) {
        this.maxRows = maxRows;
    }

    void query(DnsQueryRow q) {
        queries++;
        String client = q.clientAddress() == null ? "(unknown)" : q.clientAddress();
        String outcome = q.outcome() == null ? "unknown" : q.outcome();
        outcomes.merge(outcome, 1L, Long::sum);
        String name = q.name() == null ? "(unparsed)" : q.name().toLowerCase(Locale.ROOT);
        if (q.name() != null && names.size() < MAX_NAMES) {
            names.add(name);
        }
        Map<String, Name> client2 = byClient.get(client);
        if (client2 == null) {
            if (rows >= maxRows) {
                capped = true;
                return;
            }
            client2 = new LinkedHashMap<>();
            byClient.put(client, client2);
        }
        queriesByClient.merge(client, 1L, Long::sum);
        String type = q.type() == null ? "?" : q.type();
        String key = name + ' ' + type;
        Name n = client2.get(key);
        if (n == null) {
            if (rows >= maxRows) {
                capped = true;
                return;
            }
            rows++;
            n = new Name(name, type);
            client2.put(key, n);
        }
        n.count++;
        n.outcomes.merge(outcome, 1L, Long::sum);
        for (String a : q.answers()) {
            if (n.answers.size() < MAX_ANSWERS && !n.answers.contains(a)) {
                n.answers.add(Excerpts.cut(a));
            }
        }
        n.first = n.first == null ? q.atMicros() : Math.min(n.first, q.atMicros());
        n.last = n.last == null ? q.atMicros() : Math.max(n.last, q.atMicros());
    }

    /** Whether a client asked trygr's DNS for this name (lower-case). */
    Set<String> names() {
        return names;
    }

    long queries() {
        return queries;
    }

    Dns section(DomainCatalog catalog) {
        List<Dns.Client> clients = new ArrayList<>();
        byClient.forEach((client, names2) -> {
            List<Dns.Name> list = new ArrayList<>();
            for (Name n : names2.values()) {
                List<NameCount> oc = new ArrayList<>();
                n.outcomes.forEach((k, v) -> oc.add(new NameCount(k, v)));
                DomainCatalog.DomainInfo info = catalog.lookup(n.name);
                list.add(new Dns.Name(n.name, n.type, n.count, oc, List.copyOf(n.answers), info.organisation(),
                        info.party(), n.first, n.last));
            }
            list.sort(Comparator.comparingLong(Dns.Name::count).reversed().thenComparing(Dns.Name::name));
            clients.add(new Dns.Client(client, queriesByClient.getOrDefault(client, 0L), list));
        });
        clients.sort(Comparator.comparingLong(Dns.Client::queries).reversed());
        return new Dns(queries, SecurityTally.sorted(outcomes), clients, capped);
    }
}
