package dev.trygr.analyzer.report;

import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Section 7's connection counters: rejected interception, passthrough and old TLS per host, TLS versions, failure
 * reasons and refused clients. Plain HTTP comes from the flows ({@link HostTally}).
 */
final class SecurityTally {
    private static final int MAX_REASONS = 5;
    private static final int MAX_CLIENTS = 10;
    private static final int MAX_FAILURE_REASONS = 30;
    private static final Set<String> WEAK = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1");

    private static final class Group {
        long connections;
        long up;
        long down;
        final Set<String> reasons = new LinkedHashSet<>();
        final Set<String> clients = new LinkedHashSet<>();
        Long first;
        Long last;
        final List<Long> samples = new ArrayList<>(3);
    }

    private final int maxHosts;
    private final Map<String, Group> rejected = new LinkedHashMap<>();
    private final Map<String, Group> passthrough = new LinkedHashMap<>();
    private final Map<String, Group> weak = new LinkedHashMap<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final Map<String, Long> failures = new LinkedHashMap<>();
    private long refused;

    SecurityTally(int maxHosts) {
        this.maxHosts = maxHosts;
    }

    void connection(ConnectionRow c) {
        String host = HostTally.normalise(HostTally.connectionHost(c));
        if (c.tlsVersion() != null) {
            versions.merge(c.tlsVersion(), 1L, Long::sum);
            if (WEAK.contains(c.tlsVersion())) {
                add(weak, host, c, c.tlsVersion());
            }
        }
        ConnectionOutcome outcome = c.outcome();
        if (outcome == null) {
            return;
        }
        switch (outcome) {
            case REJECTED -> add(rejected, host, c, c.reason());
            case PASSTHROUGH -> add(passthrough, host, c, c.reason());
            case FAILED -> {
                String reason = c.reason() == null ? "(no reason recorded)" : Excerpts.cut(c.reason());
                if (failures.containsKey(reason) || failures.size() < MAX_FAILURE_REASONS) {
                    failures.merge(reason, 1L, Long::sum);
                } else {
                    failures.merge("(other reasons)", 1L, Long::sum);
                }
            }
            case REFUSED -> refused++;
            default -> { }
        }
    }

    private void add(Map<String, Group> groups, String host, ConnectionRow c, String reason) {
        Group g = groups.get(host);
        if (g == null) {
            if (groups.size() >= maxHosts) {
                host = HostTally.OTHER;
                g = groups.get(host);
            }
            if (g == null) {
                g = new Group();
                groups.put(host, g);
            }
        }
        g.connections++;
        g.up += c.bytesFromClient();
        g.down += c.bytesToClient();
        if (reason != null && g.reasons.size() < MAX_REASONS) {
            g.reasons.add(Excerpts.cut(reason));
        }
        if (c.clientAddress() != null && g.clients.size() < MAX_CLIENTS) {
            g.clients.add(c.clientAddress());
        }
        Long at = c.openedMicros();
        if (at != null) {
            g.first = g.first == null ? at : Math.min(g.first, at);
            g.last = g.last == null ? at : Math.max(g.last, at);
        }
    }

    List<Security.ConnectionGroup> rejected(Function<String, DomainCatalog.DomainInfo> lookup) {
        return groups(rejected, lookup);
    }

    List<Security.ConnectionGroup> passthrough(Function<String, DomainCatalog.DomainInfo> lookup) {
        return groups(passthrough, lookup);
    }

    List<Security.ConnectionGroup> weak(Function<String, DomainCatalog.DomainInfo> lookup) {
        return groups(weak, lookup);
    }

    private static List<Security.ConnectionGroup> groups(Map<String, Group> groups,
                                                         Function<String, DomainCatalog.DomainInfo> lookup) {
        List<Security.ConnectionGroup> out = new ArrayList<>();
        groups.forEach((host, g) -> {
            DomainCatalog.DomainInfo info = lookup.apply(host);
            out.add(new Security.ConnectionGroup(host, info.organisation(), info.party(), g.connections, g.up, g.down,
                    List.copyOf(g.reasons), List.copyOf(g.clients), g.first, g.last));
        });
        out.sort(Comparator.comparingLong(Security.ConnectionGroup::connections).reversed()
                .thenComparing(Security.ConnectionGroup::host));
        return out;
    }

    List<NameCount> versions() {
        return sorted(versions);
    }

    List<NameCount> failures() {
        return sorted(failures);
    }

    long refused() {
        return refused;
    }

    static List<NameCount> sorted(Map<String, Long> counts) {
        List<NameCount> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new NameCount(k, v)));
        out.sort(Comparator.comparingLong(NameCount::count).reversed().thenComparing(NameCount::name));
        return out;
    }
}
