package dev.trygr.analyzer.report;

import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Endpoints per host (method and path template), counted over every flow; a few flows per endpoint are set aside
 * to read their bodies' field names afterwards ({@link #sampleFlowIds()}, {@link #sampled}).
 */
final class EndpointTally {
    private static final int MAX_SAMPLES = 3;
    private static final int MAX_PERSONAL = 40;

    private static final class Stats {
        final String host;
        final String method;
        final String template;
        long count;
        final Map<String, Long> statuses = new TreeMap<>();
        Long first;
        Long last;
        final Set<String> requestFields = new LinkedHashSet<>();
        final Set<String> responseFields = new LinkedHashSet<>();
        final Set<String> contentTypes = new LinkedHashSet<>();
        final Map<String, Long> personal = new LinkedHashMap<>();
        final List<Long> samples = new ArrayList<>(MAX_SAMPLES);
        final List<Long> bodySamples = new ArrayList<>(2);

        Stats(String host, String method, String template) {
            this.host = host;
            this.method = method;
            this.template = template;
        }
    }

    private final ReportLimits limits;
    private final Map<String, Stats> endpoints = new LinkedHashMap<>();
    private final Map<Long, Stats> pendingBodies = new LinkedHashMap<>();
    private long notListed;
    private long bodiesRead;

    EndpointTally(ReportLimits limits) {
        this.limits = limits;
    }

    /**
     * Counts one flow; {@code personal} lists the personal-data fields section 3 found in it
     * ({@code where \u0000 field \u0000 type}), empty when none.
     */
    void flow(String host, FlowSummary f, boolean hasBody, List<String> personal) {
        String method = f.method() == null ? "?" : f.method().toUpperCase(Locale.ROOT);
        String template = PathTemplate.of(f.path() != null ? f.path() : f.target());
        String key = host + ' ' + method + ' ' + template;
        Stats s = endpoints.get(key);
        if (s == null) {
            if (endpoints.size() >= limits.endpoints()) {
                notListed++;
                return;
            }
            s = new Stats(host, method, template);
            endpoints.put(key, s);
        }
        s.count++;
        s.statuses.merge(statusClass(f), 1L, Long::sum);
        long at = f.startedMicros();
        s.first = s.first == null ? at : Math.min(s.first, at);
        s.last = s.last == null ? at : Math.max(s.last, at);
        if (s.requestFields.size() < limits.fieldsPerEndpoint()) {
            BodyFields.names("query.", f.query(), s.requestFields, limits.fieldsPerEndpoint());
        }
        if (s.samples.size() < MAX_SAMPLES) {
            s.samples.add(f.id());
        }
        if (hasBody && s.bodySamples.size() < limits.bodySamples()) {
            s.bodySamples.add(f.id());
            pendingBodies.put(f.id(), s);
        }
        for (String p : personal) {
            if (s.personal.size() < MAX_PERSONAL || s.personal.containsKey(p)) {
                s.personal.merge(p, 1L, Long::sum);
            }
        }
    }

    private static String statusClass(FlowSummary f) {
        if (f.status() <= 0) {
            return f.error() != null ? "failed" : "no response";
        }
        return (f.status() / 100) + "xx";
    }

    /** Flows whose bodies should be read for field names, in id order. */
    List<Long> sampleFlowIds() {
        return new ArrayList<>(pendingBodies.keySet());
    }

    /** Adds the field names of a sampled flow's bodies. */
    void sampled(FlowDetail d) {
        Stats s = pendingBodies.get(d.summary().id());
        if (s == null) {
            return;
        }
        int max = limits.fieldsPerEndpoint();
        if (d.requestBody() != null) {
            bodiesRead++;
            BodyFields.collect(d.requestBody(), s.requestFields, max);
            contentType(s, d.requestBody().contentType());
        }
        if (d.responseBody() != null) {
            bodiesRead++;
            BodyFields.collect(d.responseBody(), s.responseFields, max);
            contentType(s, d.responseBody().contentType());
        }
    }

    private static void contentType(Stats s, String type) {
        if (type != null && s.contentTypes.size() < 6) {
            int semi = type.indexOf(';');
            s.contentTypes.add(Excerpts.cut((semi < 0 ? type : type.substring(0, semi)).strip()));
        }
    }

    Endpoints endpoints(Function<String, DomainCatalog.DomainInfo> lookup) {
        Map<String, List<Stats>> byHost = new LinkedHashMap<>();
        for (Stats s : endpoints.values()) {
            byHost.computeIfAbsent(s.host, h -> new ArrayList<>()).add(s);
        }
        List<Endpoints.Host> hosts = new ArrayList<>();
        byHost.forEach((host, list) -> {
            list.sort(Comparator.comparingLong((Stats s) -> s.count).reversed()
                    .thenComparing(s -> s.template).thenComparing(s -> s.method));
            List<Endpoints.Endpoint> out = new ArrayList<>();
            long flows = 0;
            for (Stats s : list) {
                flows += s.count;
                List<NameCount> statuses = new ArrayList<>();
                s.statuses.forEach((k, v) -> statuses.add(new NameCount(k, v)));
                List<Endpoints.PersonalField> personal = new ArrayList<>();
                s.personal.forEach((k, v) -> {
                    String[] p = k.split("\u0000", 3);
                    personal.add(new Endpoints.PersonalField(p[0], p[1], p[2], v));
                });
                out.add(new Endpoints.Endpoint(s.method, s.template, s.count, statuses, s.first, s.last,
                        List.copyOf(s.requestFields), List.copyOf(s.responseFields), personal,
                        List.copyOf(s.contentTypes), s.samples));
            }
            DomainCatalog.DomainInfo info = lookup.apply(host);
            hosts.add(new Endpoints.Host(host, info.organisation(), info.party(), flows, out));
        });
        hosts.sort(Comparator.comparingLong(Endpoints.Host::flows).reversed().thenComparing(Endpoints.Host::host));
        return new Endpoints(hosts, notListed, bodiesRead);
    }
}
