package dev.trygr.capture;

/**
 * One line of a flow listing (a {@code flows} row without headers and bodies). Times are microseconds since
 * the epoch; nullable columns are boxed.
 *
 * @param connectionId   null when the connection's events were lost
 * @param port           0 when unknown
 * @param status         0 when no response arrived
 * @param durationMicros null when the flow never got past its first byte
 * @param error          null when the exchange completed
 * @param clientAddress  the client's IP address; null when unknown
 * @param clientPort     the client's port; null when unknown
 */
public record FlowSummary(long id, long sessionId, Long connectionId, long startedMicros, String scheme,
                          String method, String host, int port, String target, String path, String query,
                          int status, long requestBytes, long responseBytes, Long durationMicros, String error,
                          String clientAddress, Integer clientPort) {
}
