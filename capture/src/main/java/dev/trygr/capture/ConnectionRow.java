package dev.trygr.capture;

/**
 * A {@code connections} row. Nullable columns are boxed; times are microseconds since the epoch.
 *
 * @param openedMicros null when the ConnectionOpened event was lost
 * @param closedMicros null while open, or when the ConnectionClosed event was lost
 * @param outcome      null until closed
 */
public record ConnectionRow(long id, long sessionId, String clientAddress, Integer clientPort, String mode,
                            String listenAddress, Long openedMicros, Long closedMicros, ConnectionOutcome outcome,
                            String reason, String targetHost, Integer targetPort, String upstreamAddress,
                            String sni, String alpn, String tlsVersion, String cipherSuite, String protocol,
                            long bytesFromClient, long bytesToClient, long bytesFromUpstream,
                            long bytesToUpstream, byte[] rawClientHead, byte[] rawUpstreamHead,
                            byte[] rawClientTail, byte[] rawUpstreamTail) {
}
