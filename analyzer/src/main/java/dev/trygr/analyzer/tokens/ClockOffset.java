package dev.trygr.analyzer.tokens;

/**
 * How far a capture's clock is from Ring's, estimated from the tokens Ring issued: for each successful grant, the
 * capture's time of the flow minus the issued token's {@code iat} claim. The median of these is the offset; on
 * matching clocks it is a fraction of a second (network latency plus {@code iat}'s truncation to whole seconds).
 *
 * @param medianMicros capture clock minus Ring's clock (µs), or null without samples
 * @param samples      how many grants it was estimated from
 */
public record ClockOffset(Long medianMicros, int samples) {

    public static final ClockOffset UNKNOWN = new ClockOffset(null, 0);

    public boolean known() {
        return medianMicros != null;
    }

    /** A capture time on Ring's clock (µs); unchanged when the offset is unknown. */
    public long toRing(long captureMicros) {
        return known() ? captureMicros - medianMicros : captureMicros;
    }
}
