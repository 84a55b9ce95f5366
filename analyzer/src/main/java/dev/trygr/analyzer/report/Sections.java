package dev.trygr.analyzer.report;

import dev.trygr.capture.SessionRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Destinations, security and activity, made from the host tally, and the findings they raise. */
final class Sections {
    private static final int ACTIVITY_SERIES = 8;
    private static final Set<String> TRACKING = Set.of("analytics", "advertising", "attribution", "social");

    private Sections() {
    }

    static Destinations destinations(HostTally hosts, DomainCatalog catalog, FindingsLog findings) {
        List<Destinations.Destination> out = new ArrayList<>();
        Map<Party, long[]> parties = new EnumMap<>(Party.class);
        for (HostTally.Stats s : hosts.all()) {
            DomainCatalog.DomainInfo info = s.host.equals(HostTally.OTHER) ? DomainCatalog.DomainInfo.UNKNOWN
                    : catalog.lookup(s.host);
            boolean wire = s.connections > 0 && s.wireUp + s.wireDown > 0;   // imports have connections, no bytes
            Destinations.Destination d = new Destinations.Destination(s.host, info.organisation(), info.party(),
                    info.category(), info.categoryLabel(), info.domain(), HostTally.labels(s.learned),
                    HostTally.labels(s.handling), s.flows, s.connections, wire ? s.wireUp : s.bodyUp,
                    wire ? s.wireDown : s.bodyDown, wire ? "connections" : "http_bodies", s.bodyUp, s.bodyDown,
                    s.first, s.last, List.copyOf(s.ports), s.clients.size(), List.copyOf(s.samples));
            out.add(d);
            long[] p = parties.computeIfAbsent(info.party(), k -> new long[4]);
            p[0]++;
            p[1] += d.flows();
            p[2] += d.bytesUp();
            p[3] += d.bytesDown();
            raise(d, s, info, findings);
        }
        out.sort(Comparator.comparing((Destinations.Destination d) -> d.host().equals(HostTally.OTHER))
                .thenComparing(Comparator.comparingLong((Destinations.Destination d) -> d.flows() + d.connections())
                        .reversed())
                .thenComparing(Destinations.Destination::host));
        List<Destinations.PartyTotal> totals = new ArrayList<>();
        parties.forEach((party, p) -> totals.add(new Destinations.PartyTotal(party, p[0], p[1], p[2], p[3])));
        return new Destinations(out, hosts.overflowHosts(), totals);
    }

    private static void raise(Destinations.Destination d, HostTally.Stats s, DomainCatalog.DomainInfo info,
                              FindingsLog findings) {
        Evidence first = new Evidence(s.samples.isEmpty() ? null : s.samples.get(0), s.first, d.host(),
                s.samples.isEmpty() ? "connection" : "flow", null, null);
        if (info.party() == Party.THIRD_PARTY) {
            boolean tracking = TRACKING.contains(info.category());
            findings.draft("third_party_destination", d.host(), tracking ? Severity.MEDIUM : Severity.LOW,
                            "destinations", "A third party was contacted: " + d.host() + " (" + info.organisation()
                                    + ", " + info.categoryLabel() + ")",
                            "Third parties learn at least that the product is in use, when, and from which address; "
                                    + "see section 3 for what else they received.", d.host(), null)
                    .add(first).count(Math.max(0, d.flows() + d.connections() - 1));
        } else if (info.party() == Party.UNKNOWN && !d.host().equals(HostTally.OTHER)
                && !d.host().equals(HostTally.NO_HOST)) {
            findings.draft("unknown_destination", "", Severity.INFO, "destinations",
                    "Hosts that trygr's domain list does not know",
                    "Nobody is named for these hosts; look them up before trusting or blocking them.", null, null)
                    .add(new Evidence(first.flowId(), first.atMicros(), d.host(), first.where(), null, d.host()));
        }
    }

    static Security security(HostTally hosts, SecurityTally tally, DomainCatalog catalog, FindingsLog findings,
                             List<SessionRow> sessions) {
        List<Security.PlainHost> plain = new ArrayList<>();
        for (HostTally.Stats s : hosts.all()) {
            if (s.plainFlows == 0) {
                continue;
            }
            DomainCatalog.DomainInfo info = catalog.lookup(s.host);
            plain.add(new Security.PlainHost(s.host, info.organisation(), info.party(), s.plainFlows, s.plainUp,
                    s.plainDown, s.plainCredentials, List.copyOf(s.plainSamples)));
            Severity severity = s.plainCredentials ? Severity.HIGH
                    : info.party() == Party.LOCAL ? Severity.LOW : Severity.MEDIUM;
            FindingsLog.Draft d = findings.draft("plaintext_http", s.host, severity, "security",
                    "Plain HTTP to " + s.host + (s.plainCredentials ? ", with credentials" : ""),
                    "Anyone on the network path can read and change these requests"
                            + (s.plainCredentials ? ", including the credentials they carry." : "."), s.host, null);
            for (Long id : s.plainSamples) {
                d.add(new Evidence(id, null, s.host, "flow", null, null));
            }
            d.count(Math.max(0, s.plainFlows - s.plainSamples.size()));
        }
        plain.sort(Comparator.comparingLong(Security.PlainHost::flows).reversed());
        var rejected = tally.rejected(catalog::lookup);
        for (Security.ConnectionGroup g : rejected) {
            findings.draft("interception_rejected", g.host(), Severity.INFO, "security",
                    "A client refused trygr's certificate for " + g.host(),
                    "The client pins its certificates or does not trust trygr's CA; later connections to this host "
                            + "were passed through, so their content is not in this report.", g.host(), null)
                    .add(new Evidence(null, g.firstMicros(), g.host(), "connection", null,
                            g.reasons().isEmpty() ? null : g.reasons().get(0)))
                    .count(g.connections() - 1);
        }
        var passthrough = tally.passthrough(catalog::lookup);
        for (Security.ConnectionGroup g : passthrough) {
            findings.draft("passthrough", "", Severity.INFO, "security", "Traffic passed through unread",
                    "These connections were relayed as opaque bytes (by policy or after a refused certificate): "
                            + "only their names and sizes are known.", null, null)
                    .add(new Evidence(null, g.firstMicros(), g.host(), "connection", null,
                            g.connections() + " connection(s)"));
        }
        var weak = tally.weak(catalog::lookup);
        for (Security.ConnectionGroup g : weak) {
            findings.draft("weak_tls", g.host(), Severity.LOW, "security",
                    "A client used an old TLS version with " + g.host(),
                    "TLS 1.0 and 1.1 are deprecated (RFC 8996).", g.host(), null)
                    .add(new Evidence(null, g.firstMicros(), g.host(), "connection", "tls_version",
                            String.join(", ", g.reasons())))
                    .count(g.connections() - 1);
        }
        List<Long> insecure = sessions.stream().filter(SessionRow::upstreamInsecure).map(SessionRow::id).toList();
        List<Long> raw = sessions.stream().filter(SessionRow::storeSecrets).map(SessionRow::id).toList();
        return new Security(plain, rejected, passthrough, tally.versions(), weak, tally.failures(), tally.refused(),
                insecure, raw);
    }

    static Activity activity(HostTally hosts, TimeAxis axis, DomainCatalog catalog) {
        if (axis.buckets() == 0) {
            return new Activity(null, axis.bucketMicros(), 0, List.of());
        }
        List<HostTally.Stats> all = new ArrayList<>(hosts.all());
        all.removeIf(s -> s.flows == 0);
        all.sort(Comparator.comparingLong((HostTally.Stats s) -> s.flows).reversed());
        List<Activity.Series> series = new ArrayList<>();
        long[] otherRequests = new long[axis.buckets()];
        long[] otherBytes = new long[axis.buckets()];
        long otherTotal = 0;
        long otherBytesTotal = 0;
        for (int i = 0; i < all.size(); i++) {
            HostTally.Stats s = all.get(i);
            if (i < ACTIVITY_SERIES && !s.host.equals(HostTally.OTHER)) {
                series.add(series(s.host, catalog.lookup(s.host).party(), s.requestsPerBucket, s.bytesPerBucket));
            } else {
                for (int b = 0; b < axis.buckets(); b++) {
                    otherRequests[b] += s.requestsPerBucket[b];
                    otherBytes[b] += s.bytesPerBucket[b];
                }
                otherTotal += s.flows;
                otherBytesTotal += s.bodyUp + s.bodyDown;
            }
        }
        if (otherTotal > 0 || otherBytesTotal > 0) {
            series.add(series(HostTally.OTHER, Party.UNKNOWN, otherRequests, otherBytes));
        }
        return new Activity(axis.startMicros(), axis.bucketMicros(), axis.buckets(), series);
    }

    private static Activity.Series series(String host, Party party, long[] requests, long[] bytes) {
        List<Long> r = new ArrayList<>(requests.length);
        List<Long> b = new ArrayList<>(bytes.length);
        long rt = 0;
        long bt = 0;
        for (int i = 0; i < requests.length; i++) {
            r.add(requests[i]);
            b.add(bytes[i]);
            rt += requests[i];
            bt += bytes[i];
        }
        return new Activity.Series(host, party, rt, bt, r, b);
    }
}
