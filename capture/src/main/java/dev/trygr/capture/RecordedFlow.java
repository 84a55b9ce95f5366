package dev.trygr.capture;

/**
 * A flow the writer has committed, handed to {@link WriterOptions#listener()} on the writer thread.
 *
 * @param flowId the row id in {@code flows}
 * @param flow   the flow as stored: headers, target and query redacted (unless the session stores secrets —
 *               then a listener that prints must mask them itself with a {@code Redactor}), and the bodies'
 *               bytes left out (their lengths kept); read the stored bytes with {@link CaptureReader#flow}
 */
public record RecordedFlow(long flowId, CaptureEvent.FlowCompleted flow) {
}
