package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.List;

/** A refresh token while rows are being read: everything the rows said about it, in the order they said it. */
final class NodeDraft {

    /** One presentation as read; {@code seq} orders rows with the same time. */
    record Shown(long at, long seq, long session, UseOutcome outcome, Integer status, String error) {
    }

    final String fingerprint;
    Obtained obtained;
    String parent;
    final List<String> children = new ArrayList<>(1);
    Long issuedAt;
    long issuedSeq;
    Long issuedSession;
    boolean delivered;
    TokenClaims claims;
    Long accessExpiresAt;
    final List<Shown> shown = new ArrayList<>(1);
    /** The first client named for it, and the first named by hardware_id. */
    ClientKey firstKey;
    ClientKey hardwareKey;
    /** Stored {@code stale_reuse} rows for it: (at, late µs), merged with what is computed. */
    List<long[]> storedStale;

    NodeDraft(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    void named(ClientKey key) {
        if (key == null) {
            return;
        }
        if (firstKey == null) {
            firstKey = key;
        }
        if (hardwareKey == null && key.byHardwareId()) {
            hardwareKey = key;
        }
    }

    ClientKey owner() {
        return hardwareKey != null ? hardwareKey : firstKey;
    }

    /** Orders drafts by when they became known: issued, else first shown; then by row. */
    long knownAt() {
        if (issuedAt != null) {
            return issuedAt;
        }
        return shown.isEmpty() ? Long.MAX_VALUE : earliestShown().at();
    }

    long knownSeq() {
        if (issuedAt != null) {
            return issuedSeq;
        }
        return shown.isEmpty() ? Long.MAX_VALUE : earliestShown().seq();
    }

    Shown earliestShown() {
        Shown first = shown.get(0);
        for (Shown s : shown) {
            if (s.at() < first.at() || (s.at() == first.at() && s.seq() < first.seq())) {
                first = s;
            }
        }
        return first;
    }
}
