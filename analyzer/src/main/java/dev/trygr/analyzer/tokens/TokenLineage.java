package dev.trygr.analyzer.tokens;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.SessionRow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The token lineage of a capture (or one session of it): per client, its chains of refresh tokens, its FCM
 * registrations and what went wrong.
 *
 * @param source        what was read, for people ({@code capture.db}, {@code capture.db#2})
 * @param session       the session read, null for the whole file
 * @param keyId         an identifier of the capture's fingerprint key (a hash of it, not the key): two models with
 *                      the same key id have comparable fingerprints
 * @param sessions      the sessions read
 * @param firstAt       the first event read (µs), null when none
 * @param lastAt        the last event read (µs), null when none
 * @param tokenEvents   {@code token_events} rows read
 * @param fcmEvents     {@code fcm_events} rows read
 * @param ringClock     this capture's clock against Ring's (from the tokens' {@code iat})
 * @param clients       the clients, in the order they appeared
 * @param unattributed  push registrations no client could be tied to
 * @param androidIdsSeen every GCM android id in the push setup and channel rows (identifiers, not secrets)
 * @param notes         sentences about how the model was built (overlapping sessions, …)
 */
public record TokenLineage(String source, Long session, String keyId, List<SessionSpan> sessions, Long firstAt,
                           Long lastAt, long tokenEvents, long fcmEvents, ClockOffset ringClock,
                           List<ClientLineage> clients, List<PushRegistration> unattributed,
                           List<String> androidIdsSeen, List<String> notes) {

    public TokenLineage {
        sessions = List.copyOf(sessions);
        clients = List.copyOf(clients);
        unattributed = List.copyOf(unattributed);
        androidIdsSeen = List.copyOf(androidIdsSeen);
        notes = List.copyOf(notes);
    }

    /**
     * Reads the lineage of a capture by streaming its token and FCM events.
     *
     * @param session the session to read, null for all
     * @param source  what to call it in the output
     * @throws IllegalArgumentException when {@code session} is not a session of the capture (the message lists the
     *                                  ones it has)
     */
    public static TokenLineage read(CaptureReader reader, Long session, String source) {
        List<SessionRow> sessions = reader.sessions();
        if (session != null && sessions.stream().noneMatch(s -> s.id() == session)) {
            throw new IllegalArgumentException(reader.file() + " has no session " + session + " ("
                    + (sessions.isEmpty() ? "it has no sessions"
                    : "its sessions: " + sessions.stream().map(s -> String.valueOf(s.id()))
                    .collect(Collectors.joining(", "))) + ")");
        }
        LineageBuilder builder = new LineageBuilder();
        reader.forEachTokenEvent(session, builder::accept);
        reader.forEachFcmEvent(session, builder::accept);
        return builder.build(source, session, keyId(reader.secretKey()), sessions);
    }

    /** A capture key's identifier: 16 hex digits of a SHA-256 over a label and the key. Reveals nothing of it. */
    public static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("trygr capture key id\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** True when nothing about tokens was read. */
    public boolean empty() {
        return tokenEvents == 0 && fcmEvents == 0;
    }

    public Optional<ClientLineage> client(ClientKey key) {
        return clients.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /** Every client's token with this fingerprint (exact: same capture key only). */
    public Optional<TokenHit> token(String fingerprint) {
        for (ClientLineage c : clients) {
            for (Chain chain : c.chains()) {
                for (TokenNode t : chain.tokens()) {
                    if (t.fingerprint().equals(fingerprint)) {
                        return Optional.of(new TokenHit(c, chain, t));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A token found in the model, with its chain and client. */
    public record TokenHit(ClientLineage client, Chain chain, TokenNode token) {
    }
}
