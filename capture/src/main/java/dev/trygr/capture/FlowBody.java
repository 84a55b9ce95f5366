package dev.trygr.capture;

/**
 * One stored body with the flow it belongs to ({@link CaptureReader#forEachBodyWithSecrets}).
 *
 * @param startedMicros when the flow started
 * @param host          the flow's host
 */
public record FlowBody(long flowId, long startedMicros, String host, StoredBody body) {
}
