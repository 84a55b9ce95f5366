package dev.trygr.capture;

/**
 * How many flows a capture (or one session) holds and when the first and the last started
 * ({@link CaptureReader#flowSpan}).
 *
 * @param firstMicros start of the earliest flow, null when there are none
 * @param lastMicros  start of the latest flow, null when there are none
 */
public record FlowSpan(long flows, Long firstMicros, Long lastMicros) {
}
