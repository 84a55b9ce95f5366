package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 4: OAuth tokens and other credentials. Per client, a timeline of logins, refresh-token rotations, stale
 * reuses, {@code invalid_grant} answers and push registrations on one time axis; and where every credential
 * marker in the capture was sent.
 *
 * @param clients    one timeline per client, by hardware_id (else address and user agent)
 * @param recipients where credentials went: credential kind × destination × place, with whether that destination
 *                   is expected for a token of that issuer
 * @param recipientsCapped whether more (kind, host, place) combinations were seen than listed
 */
public record Credentials(List<ClientTimeline> clients, List<Recipient> recipients, boolean recipientsCapped) {
    public Credentials {
        clients = List.copyOf(clients);
        recipients = List.copyOf(recipients);
    }

    /**
     * One client's token history.
     *
     * @param client        hardware_id, else {@code address (user agent)}
     * @param events        oldest first; at most {@link ReportLimits#timelineEvents()} (then {@code eventsNotShown})
     */
    public record ClientTimeline(String client, boolean byHardwareId, List<String> userAgents, long logins,
                                 long rotations, long refusedGrants, long staleReuses, long invalidGrants,
                                 long pushRegistrations, List<Event> events, long eventsNotShown) {
        public ClientTimeline {
            userAgents = List.copyOf(userAgents);
            events = List.copyOf(events);
        }
    }

    /**
     * One event on a client's timeline.
     *
     * @param kind   {@code login}, {@code login_2fa_required}, {@code login_refused}, {@code rotation},
     *               {@code refresh_refused}, {@code stale_reuse}, {@code invalid_grant},
     *               {@code repeated_password_login}, {@code access_token_expired_use}, {@code ring_session},
     *               {@code fcm_registration}, {@code push_token_to_ring}, {@code fcm_reregistered}
     * @param token  the 12-hex fingerprint prefix of the token involved (as in the capture's markers), or null
     * @param detail a short note for people (outcome, status, message)
     */
    public record Event(long atMicros, String kind, Long flowId, String token, String detail) {
    }

    /**
     * A credential kind seen going to a destination.
     *
     * @param kind        the marker kind ({@code bearer}, {@code refresh_token}, {@code cookie},
     *                    {@code push_notification_token}, …)
     * @param tokenClass  what the token is when its origin is known ({@code Ring access token}, {@code FCM token},
     *                    {@code issued by api.example.com}), else null
     * @param issuer      the host that issued it (answered it in a response), when known
     * @param where       {@code header}, {@code url}, {@code cookie} or {@code body}
     * @param field       the header, query parameter or body field that carried it
     * @param expected    true when the destination belongs to the issuer's organisation (or the token is a push token
     *                    handed to the app's own cloud); false when it went elsewhere; null when the issuer is unknown
     */
    public record Recipient(String kind, String tokenClass, String issuer, String host, String organisation,
                            Party party, String where, String field, long count, Boolean expected,
                            long firstFlowId, long firstMicros) {
    }
}
