package dev.trygr.analyzer.tokens;

import java.util.List;

/**
 * Two token lineages compared, client by client: did B continue A's chains and FCM registrations?
 *
 * @param a              what A is ({@code before.db})
 * @param b              what B is ({@code after.db#2})
 * @param sameKey        true when both sides share a capture key (sessions of one file): tokens were compared by
 *                       fingerprint, exactly; otherwise by JWT claims
 * @param skewMicros     B's clock minus A's clock, estimated from the tokens' {@code iat} (Ring's clock); null when
 *                       either side has no issued JWT
 * @param clients        the clients, common ones first
 * @param commonClients  how many clients appear on both sides
 * @param linking        how tokens and clients were linked across the captures, and the limits of that
 * @param notes          anything else worth knowing (clock skew, B older than A, overlapping sessions)
 */
public record TokenDiff(String a, String b, boolean sameKey, Long skewMicros, List<ClientDiff> clients,
                        int commonClients, List<String> linking, List<String> notes) {

    public TokenDiff {
        clients = List.copyOf(clients);
        linking = List.copyOf(linking);
        notes = List.copyOf(notes);
    }

    /** The overall line: how many common clients are fine and how many are not, or "no common client". */
    public String headline() {
        if (commonClients == 0) {
            return "no common client: " + a + " and " + b + " share no hardware_id, Ring session or client address"
                    + " and user agent, so they are not two recordings of the same installation";
        }
        long bad = clients.stream().filter(ClientDiff::common).filter(c -> c.verdict().severity() == Severity.BAD)
                .count();
        long warn = clients.stream().filter(ClientDiff::common)
                .filter(c -> c.verdict().severity() == Severity.WARN).count();
        String n = commonClients == 1 ? "1 client" : commonClients + " clients";
        if (bad == 0 && warn == 0) {
            return n + " in both captures, all kept their token chain and push registration";
        }
        return n + " in both captures: " + (bad > 0 ? bad + " broken" : "") + (bad > 0 && warn > 0 ? ", " : "")
                + (warn > 0 ? warn + " to check" : "");
    }
}
