package dev.trygr.capture;

/**
 * A {@code losses} row: something the recorder had to give up.
 *
 * @param kind  see {@link LossKind#column()}; other writers may add kinds
 * @param count how many events (or bodies) of that kind since the previous row of the same writer
 */
public record LossRow(long id, Long sessionId, long atMicros, String kind, long count, String detail) {
}
