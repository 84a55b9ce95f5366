package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 5: the push channel. FCM registrations per client and whether they stayed one registration, the MCS
 * connection to {@code mtalk.google.com:5228}, push messages over time, and the fields of the payloads that were
 * decrypted ({@code trygr fcm decrypt --store}).
 *
 * @param clients        per client: its registrations and continuity
 * @param mcs            the MCS channel's connections and notes
 * @param messages       total push messages
 * @param decrypted      how many of them have a stored plaintext
 * @param redelivered    messages whose {@code persistent_id} was seen before
 * @param overTime       messages per time bucket (see {@link Activity#startMicros()} and
 *                       {@link Activity#bucketMicros()}: the same axis)
 * @param categories     message counts by event ({@code android_config.category} of the plaintext, else the stanza's
 *                       category)
 * @param listed         the first {@link ReportLimits#pushMessages()} messages
 * @param payloadFields  every field path seen in decrypted payloads, with how many messages had it and one example
 */
public record PushChannel(List<Client> clients, Mcs mcs, long messages, long decrypted, long redelivered,
                          List<Long> overTime, List<NameCount> categories, List<Message> listed,
                          List<PayloadField> payloadFields) {
    public PushChannel {
        clients = List.copyOf(clients);
        overTime = List.copyOf(overTime);
        categories = List.copyOf(categories);
        listed = List.copyOf(listed);
        payloadFields = List.copyOf(payloadFields);
    }

    /**
     * One client's push setup.
     *
     * @param client            hardware_id when it could be linked (directly, or through its FCM token, GCM token
     *                          or android id), else {@code android <id>} or the address
     * @param fcmTokens         distinct FCM tokens registered (12-hex prefixes)
     * @param tokensSentToRing  distinct FCM tokens sent to Ring ({@code PATCH /clients_api/device})
     * @param continuity        {@code continuous} (one FCM token throughout), {@code re-registered} (a new token
     *                          for a client that had one: Ring keeps pushing to the first), {@code not sent to Ring},
     *                          or {@code none}
     * @param events            registrations in time order (FCM setup calls and Ring push-token calls)
     */
    public record Client(String client, List<String> androidIds, long checkins, long gcmRegistrations,
                         long installations, long fcmRegistrations, List<String> fcmTokens,
                         List<String> tokensSentToRing, long reRegistrations, long subscriptions, String continuity,
                         List<Credentials.Event> events, long messages) {
        public Client {
            androidIds = List.copyOf(androidIds);
            fcmTokens = List.copyOf(fcmTokens);
            tokensSentToRing = List.copyOf(tokensSentToRing);
            events = List.copyOf(events);
        }
    }

    /**
     * The MCS connections ({@code connections.protocol = 'mcs'}) and the notes trygr made on them.
     *
     * @param durationMicros the connections' open time added up
     * @param notes          note kinds ({@code mcs_login}, {@code mcs_closed}, {@code mcs_stream_error}, …) with counts
     */
    public record Mcs(long connections, long durationMicros, long bytesDown, List<NameCount> notes) {
        public Mcs {
            notes = List.copyOf(notes);
        }
    }

    /**
     * One push message.
     *
     * @param event  the plaintext's {@code android_config.category} (e.g. {@code com.ring.pn.live-event.ding}),
     *               null when not decrypted
     * @param fields the decrypted payload flattened ({@code data.device.name = Front Door}), values of secret-named
     *               fields masked; empty when not decrypted
     */
    public record Message(long id, long atMicros, String persistentId, String sender, String category,
                          String client, boolean decrypted, String event, List<Field> fields) {
        public Message {
            fields = List.copyOf(fields);
        }
    }

    /** One flattened payload field. */
    public record Field(String path, String value) {
    }

    /** A payload field path, how many decrypted messages had it, and the first value seen. */
    public record PayloadField(String path, long messages, String example) {
    }
}
