package dev.trygr.analyzer.tokens;

import java.util.List;

/** The anomalies one finished token shows: stale reuses, refusals, refreshes whose outcome is unknown. */
final class TokenAnomalies {
    private TokenAnomalies() {
    }

    static void of(TokenNode t, List<Anomaly> out) {
        for (Presentation p : t.presentations()) {
            if (p.stale()) {
                out.add(new Anomaly(AnomalyKind.STALE_REUSE, p.at(), p.session(), t.fingerprint(), p.staleMicros(),
                        "refresh token " + t.prefix() + " presented again " + HumanTime.span(p.staleMicros())
                                + " after it " + since(t) + "; Ring " + answer(p)
                                + ". The client did not keep the newest token: its push notifications stop"
                                + " working and it will need a new login."));
            }
            if (p.outcome() == UseOutcome.REJECTED && "invalid_grant".equals(p.error())) {
                out.add(new Anomaly(AnomalyKind.INVALID_GRANT, p.at(), p.session(), t.fingerprint(),
                        p.staleMicros(), "Ring refused refresh token " + t.prefix() + " with invalid_grant"
                                + (p.stale() ? ", " + HumanTime.span(p.staleMicros()) + " after it " + since(t)
                                : " (not seen used or superseded here: expired, revoked, or used elsewhere)")
                                + "; ring-client-api drops its token on this answer and needs a new login."));
            }
            if (p.outcome() == UseOutcome.UNKNOWN) {
                out.add(new Anomaly(AnomalyKind.REFRESH_OUTCOME_UNKNOWN, p.at(), p.session(), t.fingerprint(),
                        null, "refresh with token " + t.prefix() + " got no usable answer ("
                                + (p.error() == null ? "unknown" : p.error().replace('_', ' '))
                                + "): the client may not have received new tokens, so " + t.prefix()
                                + " is not counted as used."));
            }
        }
    }

    private static String since(TokenNode t) {
        if (t.firstUsedAt() != null && (t.supersededAt() == null || t.firstUsedAt() <= t.supersededAt())) {
            return "was used";
        }
        return "was superseded by " + TokenNode.prefix(t.supersededBy());
    }

    private static String answer(Presentation p) {
        return switch (p.outcome()) {
            case USED -> "accepted it once more (a grace Ring gives a retry), issuing a second successor";
            case REJECTED -> "refused it (" + (p.error() == null ? "HTTP " + p.status() : p.error()) + ")";
            case UNKNOWN -> "gave no usable answer";
        };
    }
}
