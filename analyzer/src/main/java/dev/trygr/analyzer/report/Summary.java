package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 1: what the capture holds at a glance.
 *
 * @param firstMicros        the earliest thing recorded (flow, connection, DNS query, push message); the first
 *                           session's start when nothing was
 * @param lastMicros         the latest; the last session's end when nothing was recorded
 * @param findingsBySeverity how many findings of each severity, most serious first (every severity listed)
 * @param losses             what the recorder had to drop, by kind, with what it means
 * @param banners            warnings shown above everything (upstream verification off, losses, raw secrets)
 */
public record Summary(Long firstMicros, Long lastMicros, List<Session> sessions, Clients clients, Totals totals,
                      List<SeverityCount> findingsBySeverity, List<Loss> losses, List<Banner> banners) {
    public Summary {
        sessions = List.copyOf(sessions);
        findingsBySeverity = List.copyOf(findingsBySeverity);
        losses = List.copyOf(losses);
        banners = List.copyOf(banners);
    }

    /** One proxy run (or import). */
    public record Session(long id, String version, long startedMicros, Long endedMicros, List<String> modes,
                          boolean upstreamInsecure, boolean storeSecrets, String hostname) {
        public Session {
            modes = List.copyOf(modes);
        }
    }

    /**
     * The clients seen, three ways.
     *
     * @param capped true when there were more than {@link ReportLimits#clients()} of a kind (the rest are not
     *               listed)
     */
    public record Clients(List<Address> addresses, List<HardwareId> hardwareIds, List<UserAgent> userAgents,
                          boolean capped) {
        public Clients {
            addresses = List.copyOf(addresses);
            hardwareIds = List.copyOf(hardwareIds);
            userAgents = List.copyOf(userAgents);
        }
    }

    /** A client address: its HTTP flows, connections and DNS queries. */
    public record Address(String address, long flows, long connections, long dnsQueries, Long firstMicros,
                          Long lastMicros) {
    }

    /** A Ring {@code hardware_id} (the request header): where it came from and what it sent. */
    public record HardwareId(String hardwareId, List<String> addresses, List<String> userAgents, long flows,
                             Long firstMicros, Long lastMicros) {
        public HardwareId {
            addresses = List.copyOf(addresses);
            userAgents = List.copyOf(userAgents);
        }
    }

    /** A {@code User-Agent} and the flows that carried it. */
    public record UserAgent(String userAgent, long flows, List<String> addresses) {
        public UserAgent {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Counts over the whole report scope.
     *
     * @param bytesUp       bytes from clients on their connections (TLS included)
     * @param bytesDown     bytes to clients
     * @param bodyBytesUp   HTTP request body bytes
     * @param bodyBytesDown HTTP response body bytes
     */
    public record Totals(long hosts, long flows, long connections, long bytesUp, long bytesDown, long bodyBytesUp,
                         long bodyBytesDown, long dnsQueries, long pushMessages, long tokenEvents, long fcmEvents) {
    }

    public record SeverityCount(Severity severity, long count) {
    }

    /** A recorder loss kind, added up. */
    public record Loss(String kind, long count, String meaning) {
    }

    /** A warning shown above the report. */
    public record Banner(Severity severity, String title, String text) {
    }
}
