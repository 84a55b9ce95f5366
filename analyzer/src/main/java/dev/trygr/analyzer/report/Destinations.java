package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 2: every host the clients talked to, who runs it, and how trygr saw it.
 *
 * @param hosts       most flows first
 * @param notListed   hosts past {@link ReportLimits#hosts()}: added up into the last row ({@code (other hosts)})
 * @param byParty     totals per party, in {@link Party} order
 */
public record Destinations(List<Destination> hosts, long notListed, List<PartyTotal> byParty) {
    public Destinations {
        hosts = List.copyOf(hosts);
        byParty = List.copyOf(byParty);
    }

    /**
     * One host.
     *
     * @param learnedBy   how trygr learned the name: {@code DNS} (asked of trygr's DNS), {@code SNI},
     *                    {@code Host} (an HTTP request named it), {@code CONNECT}, {@code reverse} (a reverse mode's
     *                    configured target)
     * @param handling    what trygr did: {@code intercepted}, {@code passthrough}, {@code rejected} (the client
     *                    refused trygr's certificate: pinning), {@code plaintext} (plain HTTP), {@code failed},
     *                    {@code refused}
     * @param bytesUp     bytes sent by clients: on the host's connections when any were recorded (TLS included),
     *                    else HTTP body bytes (see {@code bytesSource})
     * @param bytesSource {@code connections} or {@code http_bodies}
     * @param clients     distinct client addresses (counted up to 100)
     */
    public record Destination(String host, String organisation, Party party, String category, String categoryLabel,
                              String matchedDomain, List<String> learnedBy, List<String> handling, long flows,
                              long connections, long bytesUp, long bytesDown, String bytesSource, long bodyBytesUp,
                              long bodyBytesDown, Long firstMicros, Long lastMicros, List<Integer> ports,
                              long clients, List<Long> sampleFlowIds) {
        public Destination {
            learnedBy = List.copyOf(learnedBy);
            handling = List.copyOf(handling);
            ports = List.copyOf(ports);
            sampleFlowIds = List.copyOf(sampleFlowIds);
        }
    }

    public record PartyTotal(Party party, long hosts, long flows, long bytesUp, long bytesDown) {
    }
}
