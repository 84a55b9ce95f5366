package dev.trygr.analyzer.report;

import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the report counts per destination host, from flows and connections, in one bounded map: the first
 * {@link ReportLimits#hosts()} hosts seen get a row each, later ones are added up into {@link #OTHER}.
 */
final class HostTally {
    static final String OTHER = "(other hosts)";
    static final String NO_HOST = "(no host)";
    private static final int MAX_CLIENTS = 100;
    private static final int MAX_PORTS = 8;
    private static final int MAX_SAMPLES = 5;

    /** How trygr learned a host's name. Order is the display order. */
    enum Learned { DNS, SNI, HOST, CONNECT, REVERSE }

    /** What trygr did with a host's traffic. Order is the display order. */
    enum Handling { INTERCEPTED, PASSTHROUGH, REJECTED, PLAINTEXT, FAILED, REFUSED }

    /** One host's counters. */
    static final class Stats {
        final String host;
        long flows;
        long connections;
        long bodyUp;
        long bodyDown;
        long wireUp;
        long wireDown;
        Long first;
        Long last;
        final Set<Integer> ports = new TreeSet<>();
        final Set<String> clients = new LinkedHashSet<>();
        final Set<Learned> learned = java.util.EnumSet.noneOf(Learned.class);
        final Set<Handling> handling = java.util.EnumSet.noneOf(Handling.class);
        final List<Long> samples = new ArrayList<>(MAX_SAMPLES);
        long plainFlows;
        long plainUp;
        long plainDown;
        boolean plainCredentials;
        final List<Long> plainSamples = new ArrayList<>(MAX_SAMPLES);
        final long[] requestsPerBucket;
        final long[] bytesPerBucket;

        Stats(String host, int buckets) {
            this.host = host;
            this.requestsPerBucket = new long[buckets];
            this.bytesPerBucket = new long[buckets];
        }

        void seen(Long at) {
            if (at == null) {
                return;
            }
            first = first == null ? at : Math.min(first, at);
            last = last == null ? at : Math.max(last, at);
        }

        void client(String address) {
            if (address != null && clients.size() < MAX_CLIENTS) {
                clients.add(address);
            }
        }

        void port(int port) {
            if (port > 0 && ports.size() < MAX_PORTS) {
                ports.add(port);
            }
        }
    }

    private final Map<String, Stats> hosts = new LinkedHashMap<>();
    private final int maxHosts;
    private final TimeAxis axis;
    private long overflowHosts;
    private final Set<String> overflowNames = new java.util.HashSet<>();

    HostTally(int maxHosts, TimeAxis axis) {
        this.maxHosts = maxHosts;
        this.axis = axis;
    }

    /** The host's counters; past the cap, the shared {@link #OTHER} row. */
    Stats of(String rawHost) {
        String host = normalise(rawHost);
        Stats s = hosts.get(host);
        if (s != null) {
            return s;
        }
        if (hosts.size() >= maxHosts) {
            if (overflowNames.size() < 100_000 && overflowNames.add(host)) {
                overflowHosts++;
            }
            return hosts.computeIfAbsent(OTHER, h -> new Stats(h, axis.buckets()));
        }
        s = new Stats(host, axis.buckets());
        hosts.put(host, s);
        return s;
    }

    static String normalise(String host) {
        if (host == null || host.isBlank()) {
            return NO_HOST;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    void flow(FlowSummary f, boolean credentials) {
        Stats s = of(f.host());
        s.flows++;
        s.bodyUp += f.requestBytes();
        s.bodyDown += f.responseBytes();
        s.seen(f.startedMicros());
        s.client(f.clientAddress());
        s.port(f.port());
        s.learned.add(Learned.HOST);
        if (s.samples.size() < MAX_SAMPLES) {
            s.samples.add(f.id());
        }
        if ("http".equalsIgnoreCase(f.scheme())) {
            s.handling.add(Handling.PLAINTEXT);
            s.plainFlows++;
            s.plainUp += f.requestBytes();
            s.plainDown += f.responseBytes();
            s.plainCredentials |= credentials;
            if (s.plainSamples.size() < MAX_SAMPLES) {
                s.plainSamples.add(f.id());
            }
        } else if (f.scheme() != null) {
            s.handling.add(Handling.INTERCEPTED);
        }
        int i = axis.index(f.startedMicros());
        if (i >= 0) {
            s.requestsPerBucket[i]++;
            s.bytesPerBucket[i] += f.requestBytes() + f.responseBytes();
        }
    }

    /** Connections are counted under the host the client wanted (CONNECT authority, SNI or Host). */
    void connection(ConnectionRow c) {
        if (c.outcome() == ConnectionOutcome.REFUSED && connectionHost(c) == null) {
            return;   // refused before a byte was read: no destination (counted in the security section)
        }
        Stats s = of(connectionHost(c));
        s.connections++;
        s.wireUp += c.bytesFromClient();
        s.wireDown += c.bytesToClient();
        s.seen(c.openedMicros());
        s.seen(c.closedMicros());
        s.client(c.clientAddress());
        if (c.targetPort() != null) {
            s.port(c.targetPort());
        }
        String mode = c.mode() == null ? "" : c.mode();
        if (c.sni() != null) {
            s.learned.add(Learned.SNI);
        }
        if (mode.startsWith("regular") && c.outcome() != ConnectionOutcome.PLAIN && c.targetHost() != null) {
            s.learned.add(Learned.CONNECT);
        } else if (mode.startsWith("reverse")) {
            s.learned.add(Learned.REVERSE);
        }
        if (c.outcome() != null) {
            s.handling.add(switch (c.outcome()) {
                case INTERCEPTED -> Handling.INTERCEPTED;
                case PASSTHROUGH -> Handling.PASSTHROUGH;
                case PLAIN -> Handling.PLAINTEXT;
                case REJECTED -> Handling.REJECTED;
                case FAILED -> Handling.FAILED;
                case REFUSED -> Handling.REFUSED;
            });
        }
    }

    static String connectionHost(ConnectionRow c) {
        if (c.targetHost() != null) {
            return c.targetHost();
        }
        if (c.sni() != null) {
            return c.sni();
        }
        String up = c.upstreamAddress();
        if (up == null) {
            return null;
        }
        int colon = up.lastIndexOf(':');
        return colon > 0 ? up.substring(0, colon) : up;
    }

    /** A name asked of trygr's DNS: marks the host as learned by DNS when it has a row (no new row is made). */
    void dnsName(String name) {
        Stats s = hosts.get(normalise(name));
        if (s != null) {
            s.learned.add(Learned.DNS);
        }
    }

    Collection<Stats> all() {
        return hosts.values();
    }

    /** Hosts past the cap (added up in {@link #OTHER}); counted up to 100,000 distinct names. */
    long overflowHosts() {
        return overflowHosts;
    }

    int distinctHosts() {
        return hosts.size() - (hosts.containsKey(OTHER) ? 1 : 0) + (int) overflowHosts;
    }

    static List<String> labels(Collection<? extends Enum<?>> values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(switch (v.name()) {
                case "DNS", "SNI", "CONNECT" -> v.name();
                case "HOST" -> "Host";
                default -> v.name().toLowerCase(Locale.ROOT);
            });
        }
        return out;
    }
}
