package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.List;

/** The one verdict line per client of a diff, from its chain and push continuity. */
final class Verdicts {
    private Verdicts() {
    }

    private record Part(Severity severity, String headline, String text) {
    }

    static Verdict of(Continuity chain, PushContinuity push, List<String> changes, boolean ringClock) {
        List<Part> parts = new ArrayList<>();
        parts.add(chain(chain, ringClock));
        Part p = push(push);
        if (p != null) {
            parts.add(p);
        }
        if (!changes.isEmpty()) {
            parts.add(new Part(Severity.WARN, "hardware_id changed", null));
        }
        Part worst = parts.get(0);
        for (Part part : parts) {
            if (rank(part.severity()) > rank(worst.severity())) {
                worst = part;
            }
        }
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part.text() != null) {
                text.append(text.length() == 0 ? "" : " ").append(part.text());
            }
        }
        return new Verdict(worst.severity(), worst.headline(), text.toString());
    }

    private static int rank(Severity s) {
        return switch (s) {
            case INFO -> 0;
            case OK -> 1;
            case WARN -> 2;
            case BAD -> 3;
        };
    }

    private static Part chain(Continuity c, boolean ringClock) {
        if (c instanceof Continuity.Persisted p) {
            String ambiguity = p.alsoMatching() == 0 ? ""
                    : " (" + p.alsoMatching() + " other token" + (p.alsoMatching() == 1 ? "" : "s")
                    + " of A were issued in the same second of the same Ring session, so an older one cannot be"
                    + " ruled out)";
            String base = "B's first refresh presented A's last refresh token (" + names(p.lastOfA(), p.presented(),
                    p.method()) + ", issued " + HumanTime.at(p.lastOfA().at()) + " (A's clock), matched by "
                    + p.method().words() + ")" + ambiguity + ".";
            if (p.outcome() == UseOutcome.REJECTED) {
                return new Part(Severity.BAD, "persisted, but refused", base + " The client kept its token, but"
                        + " Ring refused it in B (revoked, or it expired while the client was down): it needs a new"
                        + " login.");
            }
            if (p.outcome() == UseOutcome.UNKNOWN) {
                return new Part(Severity.WARN, "persisted, outcome unknown", base + " The client kept its token;"
                        + " B's refresh with it got no usable answer, so whether Ring took it is unknown.");
            }
            return new Part(p.alsoMatching() == 0 ? Severity.OK : Severity.WARN, "persisted correctly",
                    "persisted correctly: " + base);
        }
        if (c instanceof Continuity.StaleReuse s) {
            String answer = switch (s.outcome()) {
                case USED -> " Ring still accepted it (a grace for retries), but the chain is forked.";
                case REJECTED -> " Ring refused it: the client dropped its token and needs a new login.";
                case UNKNOWN -> " B's refresh with it got no usable answer.";
            };
            return new Part(Severity.BAD, "stale reuse", "stale reuse: B's first refresh presented an old token ("
                    + names(s.matchedInA(), s.presented(), s.method()) + ") that A had already used or superseded at "
                    + HumanTime.at(s.brokenSince()) + " (A's clock)"
                    + (s.lastOfA() == null ? "" : "; A's newest was " + s.lastOfA().prefix())
                    + ". The client does not save rotated tokens: push notifications broken since "
                    + HumanTime.at(s.brokenSince()) + " (A's clock), reused " + HumanTime.span(s.lateMicros())
                    + " later" + (ringClock ? " (on Ring's clock)" : "") + "." + answer);
        }
        if (c instanceof Continuity.NewLogin n) {
            if (!n.aHadTokens()) {
                return new Part(Severity.INFO, "new login", "new login at " + HumanTime.at(n.at())
                        + " (B's clock); A saw no token of this client.");
            }
            return new Part(Severity.WARN, "new login", "new login: B began with a password login at "
                    + HumanTime.at(n.at()) + " (B's clock) instead of A's token: Ring starts a new session, and A's"
                    + " chain and its FCM registration are left behind.");
        }
        if (c instanceof Continuity.ContinuedUnrecorded u) {
            return new Part(Severity.WARN, "continued outside trygr", "B's first refresh presented "
                    + u.presented().prefix() + ", a token of A's Ring session issued after A's last one ("
                    + u.lastOfA().prefix() + "): the client rotated while trygr was not recording, so whether it"
                    + " saved each token cannot be checked.");
        }
        if (c instanceof Continuity.Unlinked u) {
            return new Part(Severity.WARN, "cannot tell", "cannot tell whether B continues A's chain: B's first"
                    + " refresh presented " + u.presented().prefix() + ", but " + u.why() + ".");
        }
        if (c instanceof Continuity.NoGrantInB) {
            return new Part(Severity.INFO, "no grant in B", "B shows no token grant for this client (no login,"
                    + " no refresh), so there is no chain to compare.");
        }
        Continuity.OneSided o = (Continuity.OneSided) c;
        return new Part(Severity.INFO, "only in " + o.side(), null);
    }

    /** {@code 0678e2a447d5} when one key; {@code 0678e2a447d5 in A, 89fd2b3ba531 in B} across two keys. */
    private static String names(TokenRef inA, TokenRef inB, Continuity.Method method) {
        return method == Continuity.Method.FINGERPRINT ? inA.prefix()
                : inA.prefix() + " in A, " + inB.prefix() + " in B";
    }

    private static Part push(PushContinuity p) {
        if (p instanceof PushContinuity.Same s) {
            return new Part(Severity.OK, "same FCM registration", "Same FCM registration: " + s.evidence() + ".");
        }
        if (p instanceof PushContinuity.Reregistered r) {
            return new Part(Severity.BAD, "re-registered", "Re-registered for push at " + HumanTime.at(r.at())
                    + " (B's clock): new FCM token " + r.fcmPrefix() + " (" + r.evidence()
                    + (r.sameAndroidId() ? ", same android id" : "") + "), while Ring keeps pushing to the"
                    + " registration from A (" + r.previousPrefix() + "): push notifications stop arriving.");
        }
        if (p instanceof PushContinuity.FirstInB f) {
            return new Part(Severity.INFO, "first push registration", "First FCM registration in B ("
                    + f.fcmPrefix() + ", " + HumanTime.at(f.at()) + "); A had none.");
        }
        if (p instanceof PushContinuity.NoneInB n) {
            return n.aHadOne() ? new Part(Severity.INFO, "no push setup in B", "B shows no push setup for this"
                    + " client (it registered in A).") : null;
        }
        return null;
    }
}
