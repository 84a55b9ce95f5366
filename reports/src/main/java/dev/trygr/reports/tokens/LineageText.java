package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.Anomaly;
import dev.trygr.analyzer.tokens.Chain;
import dev.trygr.analyzer.tokens.ClientLineage;
import dev.trygr.analyzer.tokens.ClockOffset;
import dev.trygr.analyzer.tokens.HumanTime;
import dev.trygr.analyzer.tokens.Obtained;
import dev.trygr.analyzer.tokens.Presentation;
import dev.trygr.analyzer.tokens.PushRegistration;
import dev.trygr.analyzer.tokens.SessionSpan;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.analyzer.tokens.TokenNode;
import dev.trygr.analyzer.tokens.TokenState;
import dev.trygr.analyzer.tokens.UseOutcome;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lineage as a text tree for a terminal: per client, its chains (a token's successor on the same line level, a
 * fork indented under its token), its push registrations and its anomalies. Long runs of routine rotations are
 * folded unless every token is asked for.
 */
public final class LineageText {
    /** Routine tokens shown at each end of a folded run. */
    static final int RUN_ENDS = 2;

    private final PrintWriter out;
    private final boolean all;

    /** @param all show every token, folding nothing */
    public LineageText(PrintWriter out, boolean all) {
        this.out = out;
        this.all = all;
    }

    public void render(TokenLineage lineage) {
        out.println("Token lineage of " + lineage.source() + sessions(lineage));
        out.println(count(lineage.clients().size(), "client") + " · " + lineage.tokenEvents() + " token events · "
                + lineage.fcmEvents() + " FCM events · " + clock(lineage.ringClock()));
        lineage.notes().forEach(n -> out.println("note: " + n));
        if (lineage.clients().isEmpty()) {
            out.println();
            out.println("No Ring client made a token grant or an FCM call here.");
        }
        for (ClientLineage c : lineage.clients()) {
            out.println();
            client(c);
        }
        if (!lineage.unattributed().isEmpty()) {
            out.println();
            out.println("push registrations no client could be tied to:");
            lineage.unattributed().forEach(p -> out.println("  " + push(p)));
        }
        out.flush();
    }

    private void client(ClientLineage c) {
        out.println(c.label());
        out.println("  seen " + HumanTime.at(c.firstSeen()) + " – " + HumanTime.at(c.lastSeen())
                + (c.addresses().isEmpty() ? "" : " from " + String.join(", ", c.addresses()))
                + (c.userAgents().isEmpty() ? "" : " · " + String.join(", ", c.userAgents()))
                + (c.deviceModels().isEmpty() ? "" : " · device_model " + String.join(", ", c.deviceModels())));
        out.println("  " + count(c.cadence().rotations(), "rotation")
                + (c.cadence().medianMicros() == null ? "" : ", median every " + HumanTime.span(c.cadence()
                .medianMicros())) + " · " + count(c.passwordLogins(), "password login") + " · "
                + count(c.chains().size(), "chain")
                + (c.latest() == null ? "" : " · latest token " + TokenNode.prefix(c.latest())));
        List<String> sessions = c.ringSessions();
        if (sessions.size() > 1) {
            out.println("  Ring session_id changed " + (sessions.size() - 1) + "×: " + String.join(" → ",
                    sessions.stream().map(LineageText::shortSession).toList()));
        }
        for (Chain chain : c.chains()) {
            chain(chain);
        }
        if (!c.push().isEmpty()) {
            out.println("  push");
            c.push().forEach(p -> out.println("    " + push(p)));
        }
        if (!c.anomalies().isEmpty()) {
            out.println("  anomalies");
            for (Anomaly a : c.anomalies()) {
                out.println("    ! " + HumanTime.at(a.at()) + "  " + a.kind().words() + ": " + a.text());
            }
        }
    }

    private void chain(Chain chain) {
        out.println("  chain " + chain.number() + " · Ring session " + shortSession(chain.ringSession()) + " · began "
                + (chain.origin().isLogin() ? "with a " : "") + chain.origin().words() + " · "
                + count(chain.tokens().size(), "token") + ", " + count(chain.cadence().rotations(), "rotation")
                + (chain.cadence().medianMicros() == null ? ""
                : " (median every " + HumanTime.span(chain.cadence().medianMicros()) + ")"));
        Map<String, TokenNode> byFingerprint = new HashMap<>();
        chain.tokens().forEach(t -> byFingerprint.put(t.fingerprint(), t));
        List<Line> lines = new ArrayList<>(chain.tokens().size());
        Deque<Line> todo = new ArrayDeque<>();
        todo.push(new Line(chain.first(), "    ", false));
        while (!todo.isEmpty()) {
            Line line = todo.pop();
            List<TokenNode> children = line.token().children().stream().map(byFingerprint::get)
                    .filter(Objects::nonNull).toList();
            lines.add(new Line(line.token(), line.indent(), routine(line.token()) && children.size() == 1));
            if (children.size() == 1) {
                todo.push(new Line(children.get(0), continued(line.indent()), false)); // a successor: no new branch
            } else {
                for (int i = children.size() - 1; i >= 0; i--) {
                    String branch = i == children.size() - 1 ? "└─ " : "├─ ";
                    todo.push(new Line(children.get(i), continued(line.indent()) + branch, false));
                }
            }
        }
        int i = 0;
        while (i < lines.size()) {
            int j = i;
            while (j < lines.size() && lines.get(j).routine() && lines.get(j).indent().equals(lines.get(i).indent())) {
                j++;
            }
            int run = j - i;
            if (!all && run > 2 * RUN_ENDS + 1) {
                for (int k = i; k < i + RUN_ENDS; k++) {
                    token(lines.get(k));
                }
                out.println(continued(lines.get(i).indent()) + "⋮ " + count(run - 2 * RUN_ENDS,
                        "more routine token") + " (each used once, then superseded by its successor; --all shows"
                        + " them)");
                for (int k = j - RUN_ENDS; k < j; k++) {
                    token(lines.get(k));
                }
                i = j;
            } else {
                token(lines.get(i));
                i++;
            }
        }
    }

    /** One token on one line of the tree; {@code routine} when it may be folded. */
    private record Line(TokenNode token, String indent, boolean routine) {
    }

    /** The indent under a line: its branch marks become plain continuation. */
    private static String continued(String indent) {
        return indent.replace("├─ ", "│  ").replace("└─ ", "   ");
    }

    /** Used once, superseded by its own child, nothing odd: a token that folds away. */
    private static boolean routine(TokenNode t) {
        return t.state() == TokenState.USED && t.timesUsed() == 1 && t.presentations().size() == 1
                && t.staleReuses() == 0 && t.children().size() == 1 && t.obtained() == Obtained.REFRESH;
    }

    private void token(Line l) {
        TokenNode t = l.token();
        String indent = l.indent();
        StringBuilder line = new StringBuilder(indent).append(t.prefix()).append("  ").append(t.obtained().words());
        if (t.issuedAt() != null) {
            line.append(" · issued ").append(HumanTime.at(t.issuedAt()));
        } else if (t.claims() != null && t.claims().iat() != null) {
            line.append(" · iat ").append(HumanTime.at(t.claims().iat() * 1_000_000L)).append(" (Ring's clock)");
        }
        if (t.firstUsedAt() != null) {
            line.append(" · used ").append(HumanTime.at(t.firstUsedAt()))
                    .append(t.timesUsed() > 1 ? " (" + t.timesUsed() + "×)" : "");
        }
        if (t.supersededBy() != null) {
            line.append(" · superseded ").append(HumanTime.at(t.supersededAt())).append(" by ")
                    .append(TokenNode.prefix(t.supersededBy()));
        }
        if (t.state() != TokenState.USED && t.state() != TokenState.SUPERSEDED) { // those two said it above
            line.append(" · ").append(t.state() == TokenState.LATEST ? "LATEST (the token the client should hold)"
                    : t.state().words());
        }
        out.println(line);
        String sub = continued(indent) + "    ";
        for (Presentation p : t.presentations()) {
            if (p.stale() || p.outcome() != UseOutcome.USED) {
                out.println(sub + "↳ presented " + HumanTime.at(p.at()) + ": " + presentation(p));
            }
        }
    }

    private static String presentation(Presentation p) {
        String answer = switch (p.outcome()) {
            case USED -> "Ring accepted it";
            case REJECTED -> "Ring refused it (" + (p.error() == null ? "HTTP " + p.status() : p.error()) + ")";
            case UNKNOWN -> "outcome unknown (" + (p.error() == null ? "no usable answer"
                    : p.error().replace('_', ' ')) + "), not counted as used";
        };
        return (p.stale() ? "STALE REUSE, " + HumanTime.span(p.staleMicros()) + " late; " : "") + answer;
    }

    private static String push(PushRegistration p) {
        return HumanTime.at(p.at()) + "  " + p.via() + " FCM token " + (p.fcmToken() == null ? "none"
                : TokenNode.prefix(p.fcmToken())) + " (" + p.outcome() + ")"
                + (p.androidId() == null ? "" : " · android id " + p.androidId())
                + (p.chain() == null ? "" : " · chain " + p.chain() + " (token " + TokenNode.prefix(p.refreshToken())
                + ", by " + p.boundBy() + ")")
                + (p.reregistration() ? " · RE-REGISTRATION: Ring keeps pushing to the first token" : "");
    }

    private static String sessions(TokenLineage l) {
        StringBuilder sb = new StringBuilder();
        List<SessionSpan> spans = l.sessions();
        if (!spans.isEmpty()) {
            sb.append(" (session").append(spans.size() == 1 ? " " : "s ");
            for (int i = 0; i < spans.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(spans.get(i).id());
            }
            sb.append(")");
        }
        if (l.firstAt() != null) {
            sb.append(", ").append(HumanTime.at(l.firstAt())).append(" – ").append(HumanTime.at(l.lastAt()));
        }
        return sb.toString();
    }

    /** Whether this capture's clock agrees with Ring's, from the tokens' {@code iat}. */
    static String clock(ClockOffset c) {
        if (!c.known()) {
            return "clock not checked against Ring's (no token issued)";
        }
        long off = c.medianMicros();
        String basis = " (from the iat of " + count(c.samples(), "issued token") + ")";
        if (Math.abs(off) < 2_000_000L) {
            return "clock agrees with Ring's" + basis;
        }
        return "clock " + HumanTime.span(Math.abs(off)) + (off > 0 ? " ahead of" : " behind") + " Ring's" + basis;
    }

    static String shortSession(String ringSession) {
        if (ringSession == null) {
            return "unknown";
        }
        return ringSession.length() > 8 ? ringSession.substring(0, 8) + "…" : ringSession;
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
