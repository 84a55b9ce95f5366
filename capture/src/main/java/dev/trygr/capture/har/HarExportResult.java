package dev.trygr.capture.har;

/**
 * What {@link HarWriter#write} wrote.
 *
 * @param entries         HAR entries (one per flow)
 * @param wsMessages      WebSocket messages written as {@code _webSocketMessages}
 * @param redactedAtExport flows from {@code --store-secrets} sessions whose raw secrets were redacted on the way out
 */
public record HarExportResult(long entries, long wsMessages, long redactedAtExport) {
}
