package dev.trygr.capture.ring;

import dev.trygr.capture.CaptureEvent.FlowCompleted;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The pure entry point for a stream of flows: {@link RingRecognizers} then the {@link TokenLedger}. The capture
 * writer runs one per writer on every recorded flow; an import (HAR) runs one over the flows it brings in, so the
 * same events and findings come out whichever way a flow arrived. Not thread-safe.
 */
public final class RingObserver {
    private final UnaryOperator<String> fingerprint;
    private final TokenLedger ledger;

    /** @param fingerprint turns a secret into its fingerprint ({@code Redactor::fingerprint}) */
    public RingObserver(UnaryOperator<String> fingerprint) {
        this(fingerprint, new TokenLedger());
    }

    public RingObserver(UnaryOperator<String> fingerprint, TokenLedger ledger) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    public TokenLedger ledger() {
        return ledger;
    }

    /**
     * The events to record for one flow (raw, unredacted), findings included, in order; empty for flows that are
     * not Ring or FCM calls.
     */
    public List<RingEvent> observe(FlowCompleted flow) {
        List<RingEvent> seen = RingRecognizers.recognize(flow, fingerprint);
        if (seen.isEmpty()) {
            return List.of();
        }
        List<RingEvent> out = new ArrayList<>(seen.size() + 1);
        for (RingEvent event : seen) {
            out.addAll(ledger.observe(event));
        }
        return out;
    }
}
