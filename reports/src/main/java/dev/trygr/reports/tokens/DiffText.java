package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.ClientSide;
import dev.trygr.analyzer.tokens.HumanTime;
import dev.trygr.analyzer.tokens.TokenDiff;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The diff for a terminal: the headline, one verdict line per client, then the side-by-side details. */
public final class DiffText {
    private final PrintWriter out;

    public DiffText(PrintWriter out) {
        this.out = out;
    }

    public void render(TokenDiff d) {
        out.println("Token diff  A = " + d.a() + "  →  B = " + d.b());
        out.println(d.headline());
        d.notes().forEach(n -> out.println("note: " + n));
        out.println();
        for (ClientDiff c : d.clients()) {
            out.println(String.format(Locale.ROOT, "%-6s %s: %s", "[" + c.verdict().severity().id() + "]",
                    c.label(), c.verdict().headline()));
        }
        for (ClientDiff c : d.clients()) {
            out.println();
            client(c);
        }
        out.println();
        out.println("How A and B were linked:");
        d.linking().forEach(l -> out.println("  " + l));
        out.flush();
    }

    private void client(ClientDiff c) {
        if (!c.common()) {
            ClientSide s = c.a() != null ? c.a() : c.b();
            out.println(c.label() + "  (" + c.verdict().headline() + ")");
            out.println("  seen " + HumanTime.at(s.firstSeen()) + " – " + HumanTime.at(s.lastSeen()) + " · "
                    + s.cadence().rotations() + " rotations · " + s.chains() + " chains · latest token "
                    + (s.latestPrefix() == null ? "none" : s.latestPrefix()) + " · anomalies: "
                    + DiffRows.anomalies(s));
            return;
        }
        out.println(c.label() + (c.matchedBy() == null ? "" : "  (matched by " + c.matchedBy() + ")"));
        out.println("  verdict: " + c.verdict().headline().toUpperCase(Locale.ROOT)
                + (c.verdict().text().isEmpty() ? "" : " — " + c.verdict().text()));
        List<DiffRows.Row> rows = DiffRows.of(c);
        int name = rows.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        int a = Math.max(1, rows.stream().mapToInt(r -> r.a().length()).max().orElse(10));
        a = Math.min(a, 48);
        out.println(String.format(Locale.ROOT, "  %-" + name + "s  %-" + a + "s  %s", "", "A", "B"));
        for (DiffRows.Row r : rows) {
            out.println(String.format(Locale.ROOT, "  %-" + name + "s  %-" + a + "s  %s%s", r.name(), r.a(), r.b(),
                    r.differs() ? "   ← changed" : ""));
        }
        if (c.gapMicros() != null) {
            out.println("  from A's last event to B's first: " + HumanTime.span(c.gapMicros()));
        }
        c.changes().forEach(ch -> out.println("  change: " + ch));
        if (!c.appeared().isEmpty()) {
            out.println("  anomalies new in B: " + words(c.appeared()));
        }
        if (!c.disappeared().isEmpty()) {
            out.println("  anomalies gone in B: " + words(c.disappeared()));
        }
    }

    static String words(List<AnomalyKind> kinds) {
        return String.join(", ", kinds.stream().map(AnomalyKind::words).toList());
    }
}
