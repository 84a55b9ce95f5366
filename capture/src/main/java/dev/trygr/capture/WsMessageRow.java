package dev.trygr.capture;

/**
 * A {@code ws_messages} row.
 *
 * @param flowId       the upgrade flow, null when it was not recorded
 * @param connectionId null when the connection's events were lost
 * @param fromClient   true for client-to-server messages
 */
public record WsMessageRow(long id, long sessionId, Long flowId, Long connectionId, long atMicros,
                           boolean fromClient, int opcode, long length, boolean compressed, boolean truncated,
                           int redactions, byte[] data) {
}
