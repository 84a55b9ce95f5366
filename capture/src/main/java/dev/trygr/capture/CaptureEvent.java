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
     * @param protocol       what was carried after any TLS: {@code http/1.1}, {@code raw}, or null when nothing was
     * @param rawClientHead  first bytes of a raw (non-HTTP) stream from the client, up to the body limit; else empty
     * @param rawUpstreamHead first bytes of a raw stream from the upstream, up to the body limit; else empty
     */
    record ConnectionClosed(long connectionKey, long atMicros, ConnectionOutcome outcome, String reason,
                            String targetHost, int targetPort, String upstreamAddress,
                            String sni, String alpn, String tlsVersion, String cipherSuite, String protocol,
                            long bytesFromClient, long bytesToClient, long bytesFromUpstream, long bytesToUpstream,
                            byte[] rawClientHead, byte[] rawUpstreamHead) implements CaptureEvent {}

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
}
