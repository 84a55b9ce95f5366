package dev.trygr.capture;

import java.util.List;

/**
 * Facts the proxy hands to the capture writer. Times are microseconds since the Unix epoch. A connection is
 * known to the proxy by a {@code connectionKey} unique within one session; the writer maps it to a row id.
 */
public sealed interface CaptureEvent {

    /** A client connection was accepted (or refused) on a listener. */
    record ConnectionOpened(long connectionKey, long atMicros, String clientAddress, int clientPort,
                            String mode, String listenAddress) implements CaptureEvent {}

    /**
     * A client connection ended. Carries everything learned about it along the way.
     *
     * @param protocol what was carried after any TLS: {@code http/1.1}, {@code raw}, {@code websocket}, or null
     *                 when nothing was
     * @param raw      first and last bytes of a raw (non-HTTP) stream each way; {@link RawBytes#NONE} otherwise
     */
    record ConnectionClosed(long connectionKey, long atMicros, ConnectionOutcome outcome, String reason,
                            String targetHost, int targetPort, String upstreamAddress,
                            String sni, String alpn, String tlsVersion, String cipherSuite, String protocol,
                            long bytesFromClient, long bytesToClient, long bytesFromUpstream, long bytesToUpstream,
                            RawBytes raw) implements CaptureEvent {

        public ConnectionClosed {
            raw = raw == null ? RawBytes.NONE : raw;
        }
    }

    /**
     * The ends of a raw byte stream, each up to the body limit. A stream shorter than the limit has its tail equal
     * to its head; tails are empty when a side sent nothing.
     */
    record RawBytes(byte[] clientHead, byte[] clientTail, byte[] upstreamHead, byte[] upstreamTail) {
        public static final RawBytes NONE = new RawBytes(new byte[0], new byte[0], new byte[0], new byte[0]);
    }

    /**
     * One WebSocket message on an upgraded connection, in either direction. Fragments are joined into one
     * message; a control frame (close, ping, pong) is a message of its own. The writer links it to the
     * connection's most recent flow (the upgrade).
     *
     * @param fromClient true for client-to-server messages
     * @param opcode     the first frame's opcode: 1 text, 2 binary, 8 close, 9 ping, 10 pong
     * @param length     the payload length on the wire (compressed, when {@code compressed})
     * @param compressed true when the message was permessage-deflate compressed
     * @param payload    the payload as the application sees it (inflated), up to the body limit
     * @param truncated  true when {@code payload} is not the whole payload (over the limit, or could not be inflated)
     */
    record WsMessage(long connectionKey, long atMicros, boolean fromClient, int opcode, long length,
                     boolean compressed, byte[] payload, boolean truncated) implements CaptureEvent {}

    /**
     * One DNS query to trygr's responder.
     *
     * @param transport {@code udp} or {@code tcp}
     * @param name      the question name without the trailing dot, or null when the packet could not be parsed
     * @param type      the question type's mnemonic ({@code A}, {@code AAAA}, {@code HTTPS}, …), or null
     * @param outcome   {@code local} (answered by trygr), {@code forwarded} (relayed from the upstream resolver),
     *                  {@code failed} (upstream failed; SERVFAIL sent) or {@code malformed} (dropped unanswered)
     * @param rcode     the response code sent ({@code NOERROR}, {@code NXDOMAIN}, …), or null when none was
     * @param answers   the answer records sent, each as {@code TYPE value} (e.g. {@code A 192.0.2.1})
     * @param latencyMicros from the query's arrival to the answer being sent, 0 when none was
     * @param error     why it failed or was dropped, else null
     */
    record DnsQueried(long atMicros, String clientAddress, int clientPort, String transport, int queryId,
                      String name, String type, String outcome, String rcode, List<String> answers,
                      long latencyMicros, String error) implements CaptureEvent {

        public DnsQueried {
            answers = List.copyOf(answers);
        }
    }

    /**
     * One HTTP exchange ended: complete, or failed part way ({@code error} says where).
     *
     * @param target         the request-target exactly as the client sent it
     * @param status         response status, or 0 when no response arrived
     * @param requestDoneMicros  time the request's last byte was forwarded, or 0 if it never was
     * @param responseStartMicros time the response head arrived, or 0
     * @param responseDoneMicros  time the response's last byte was forwarded, or 0
     */
    record FlowCompleted(long connectionKey, long startedMicros, String clientAddress, int clientPort,
                         String scheme, String method, String host, int port, String target, String path,
                         String query, String httpVersion,
                         List<Header> requestHeaders, BodySnapshot requestBody,
                         int status, String reason, String responseVersion,
                         List<Header> responseHeaders, BodySnapshot responseBody,
                         long requestDoneMicros, long responseStartMicros, long responseDoneMicros,
                         String error) implements CaptureEvent {

        public FlowCompleted {
            requestHeaders = List.copyOf(requestHeaders);
            responseHeaders = List.copyOf(responseHeaders);
        }

        /** The same flow with both bodies' kept bytes dropped. */
        public FlowCompleted withoutBodyBytes() {
            return new FlowCompleted(connectionKey, startedMicros, clientAddress, clientPort, scheme, method, host,
                    port, target, path, query, httpVersion, requestHeaders, requestBody.withoutBytes(), status,
                    reason, responseVersion, responseHeaders, responseBody.withoutBytes(), requestDoneMicros,
                    responseStartMicros, responseDoneMicros, error);
        }

        /** Duration from the first request byte to the last response byte (or to the failure), in micros. */
        public long durationMicros() {
            long end = Math.max(responseDoneMicros, Math.max(responseStartMicros, requestDoneMicros));
            return end == 0 ? 0 : end - startedMicros;
        }
    }

    /**
     * One data message (DataMessageStanza) received on the MCS push channel. The writer stores it in
     * {@code push_messages}, linked to the connection.
     *
     * @param persistentId the message's {@code persistent_id}, or null
     * @param from         the stanza's {@code from} (the sender), or null
     * @param category     the stanza's {@code category}, or null
     * @param appData      the {@code app_data} key/value pairs in order ({@code crypto-key}, {@code encryption}, …)
     * @param rawData      the ciphertext ({@code raw_data}); empty when none
     */
    record PushReceived(long connectionKey, long atMicros, String persistentId, String from, String category,
                        List<Header> appData, byte[] rawData) implements CaptureEvent {

        public PushReceived {
            appData = List.copyOf(appData);
            rawData = rawData == null ? new byte[0] : rawData;
        }
    }

    /**
     * Something worth noting on the MCS push channel; stored in {@code fcm_events}.
     *
     * @param kind      {@code mcs_login}, {@code mcs_login_response}, {@code mcs_close}, {@code mcs_stream_error},
     *                  {@code mcs_unknown_frame}, {@code mcs_truncated}, …
     * @param androidId the GCM android id (LoginRequest {@code user}), or null
     * @param secret    the raw security token ({@code auth_token}) when the note has one, else null; the writer
     *                  stores only its fingerprint
     * @param detail    more about it: a JSON object, or plain text (stored as {@code {"note": text}}); no secrets
     */
    record PushChannelNoted(long connectionKey, long atMicros, String kind, String androidId, String secret,
                            String detail) implements CaptureEvent {

        /** Hides the secret: events end up in logs and test failure messages. */
        @Override
        public String toString() {
            return "PushChannelNoted[connectionKey=" + connectionKey + ", atMicros=" + atMicros + ", kind=" + kind
                    + ", androidId=" + androidId + ", secret=" + (secret == null ? "null" : "<hidden>")
                    + ", detail=" + detail + "]";
        }
    }
}
