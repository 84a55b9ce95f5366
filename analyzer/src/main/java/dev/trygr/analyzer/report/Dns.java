package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 8: names looked up through trygr's DNS responder, per client, and whether trygr answered them itself
 * ({@code local}: the name is intercepted) or relayed the upstream resolver's answer ({@code forwarded}).
 *
 * @param capped true when more than {@link ReportLimits#dnsNames()} (client, name, type) rows were seen
 */
public record Dns(long queries, List<NameCount> outcomes, List<Client> clients, boolean capped) {
    public Dns {
        outcomes = List.copyOf(outcomes);
        clients = List.copyOf(clients);
    }

    public record Client(String address, long queries, List<Name> names) {
        public Client {
            names = List.copyOf(names);
        }
    }

    /**
     * One name and type asked by one client.
     *
     * @param outcomes {@code local}, {@code forwarded}, {@code failed}, {@code malformed} with counts
     * @param answers  the first answers sent ({@code A 192.0.2.1})
     */
    public record Name(String name, String type, long count, List<NameCount> outcomes, List<String> answers,
                       String organisation, Party party, Long firstMicros, Long lastMicros) {
        public Name {
            outcomes = List.copyOf(outcomes);
            answers = List.copyOf(answers);
        }
    }
}
