package dev.trygr.reports.report;

import dev.trygr.analyzer.report.Credentials;
import dev.trygr.analyzer.report.Destinations;
import dev.trygr.analyzer.report.Endpoints;
import dev.trygr.analyzer.report.Evidence;
import dev.trygr.analyzer.report.Finding;
import dev.trygr.analyzer.report.PersonalData;
import dev.trygr.analyzer.report.PushChannel;
import dev.trygr.analyzer.report.Report;
import dev.trygr.analyzer.report.Security;
import dev.trygr.analyzer.report.Summary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The report for a terminal: the summary, every finding with its first evidence, and the main table of each
 * section, in plain text (no colour, 100 columns at most for tables). The HTML and JSON forms hold more.
 */
public final class ReportText {
    private static final int TOP_ROWS = 25;

    private ReportText() {
    }

    public static void write(Report r, Writer writer) throws IOException {
        Format fmt = new Format();
        PrintWriter out = new PrintWriter(writer);
        Summary s = r.summary();
        out.println("trygr privacy report: " + r.meta().captureFile()
                + (r.meta().session() != null ? " (session " + r.meta().session() + ")" : ""));
        out.println(s.firstMicros() == null ? "Nothing recorded."
                : "Recorded " + fmt.time(s.firstMicros()) + " to " + fmt.time(s.lastMicros()) + " UTC ("
                + fmt.duration(s.lastMicros() - s.firstMicros()) + ")");
        for (Summary.Banner b : s.banners()) {
            out.println("! " + b.title() + ": " + b.text());
        }
        out.println();
        heading(out, "1. Summary");
        Summary.Totals t = s.totals();
        out.println("  " + s.sessions().size() + " session(s), " + s.clients().addresses().size() + " client address(es), "
                + s.clients().hardwareIds().size() + " Ring hardware_id(s), " + fmt.count(t.hosts()) + " hosts");
        out.println("  " + fmt.count(t.flows()) + " HTTP exchanges, " + fmt.count(t.connections()) + " connections, "
                + fmt.bytes(t.bytesUp()) + " up, " + fmt.bytes(t.bytesDown()) + " down, " + fmt.count(t.dnsQueries())
                + " DNS queries, " + fmt.count(t.pushMessages()) + " push messages");
        StringBuilder sev = new StringBuilder("  findings:");
        s.findingsBySeverity().forEach(c -> sev.append(' ').append(c.severity().label()).append(' ').append(c.count()));
        out.println(sev);
        for (Summary.Loss l : s.losses()) {
            out.println("  lost: " + l.kind() + " " + fmt.count(l.count()) + " (" + l.meaning() + ")");
        }
        out.println();
        heading(out, "Findings");
        if (r.findings().isEmpty()) {
            out.println("  none");
        }
        for (Finding f : r.findings()) {
            out.println("  " + f.id() + " [" + f.severity().label() + "] " + f.title()
                    + (f.occurrences() > 1 ? " (x" + fmt.count(f.occurrences()) + ")" : ""));
            if (!f.evidence().isEmpty()) {
                out.println("      " + evidence(f.evidence().get(0), fmt));
            }
        }
        out.println();
        heading(out, "2. Destinations");
        List<String[]> rows = new ArrayList<>();
        for (Destinations.Destination d : first(r.destinations().hosts())) {
            rows.add(new String[] {d.host(), d.organisation() == null ? "?" : d.organisation(), d.party().label(),
                String.join(",", d.learnedBy()), String.join(",", d.handling()), fmt.count(d.flows()),
                fmt.bytes(d.bytesUp()), fmt.bytes(d.bytesDown())});
        }
        table(out, new String[] {"HOST", "ORGANISATION", "PARTY", "LEARNED", "HANDLING", "FLOWS", "UP", "DOWN"}, rows,
                r.destinations().hosts().size());
        heading(out, "3. Personal data");
        PersonalData pd = r.personalData();
        if (!pd.scanned()) {
            out.println("  not scanned");
        } else if (pd.matrix().isEmpty()) {
            out.println("  none found");
        } else {
            rows = new ArrayList<>();
            for (PersonalData.Row row : first(pd.matrix())) {
                List<String> types = new ArrayList<>();
                for (int i = 0; i < pd.dataTypes().size(); i++) {
                    if (row.counts().get(i) > 0) {
                        types.add(pd.dataTypes().get(i) + " x" + row.counts().get(i));
                    }
                }
                rows.add(new String[] {row.host(), row.party().label(), String.join(", ", types)});
            }
            table(out, new String[] {"DESTINATION", "PARTY", "DATA TYPES"}, rows, pd.matrix().size());
        }
        heading(out, "4. Credentials");
        rows = new ArrayList<>();
        for (Credentials.ClientTimeline c : first(r.credentials().clients())) {
            rows.add(new String[] {c.client(), String.valueOf(c.logins()), String.valueOf(c.rotations()),
                String.valueOf(c.refusedGrants()), String.valueOf(c.staleReuses()), String.valueOf(c.invalidGrants()),
                String.valueOf(c.pushRegistrations())});
        }
        table(out, new String[] {"CLIENT", "LOGINS", "ROTATIONS", "REFUSED", "STALE", "INVALID_GRANT", "PUSH REG"},
                rows, r.credentials().clients().size());
        rows = new ArrayList<>();
        for (Credentials.Recipient x : first(r.credentials().recipients())) {
            rows.add(new String[] {x.kind(), x.host(), x.where() + " " + x.field(), fmt.count(x.count()),
                x.expected() == null ? "issuer unknown" : x.expected() ? "expected" : "NOT ITS ISSUER"});
        }
        table(out, new String[] {"CREDENTIAL", "SENT TO", "IN", "TIMES", "VERDICT"}, rows,
                r.credentials().recipients().size());
        heading(out, "5. Push channel");
        PushChannel p = r.push();
        out.println("  " + fmt.count(p.messages()) + " push messages (" + fmt.count(p.decrypted()) + " decrypted, "
                + fmt.count(p.redelivered()) + " redelivered), " + p.mcs().connections() + " MCS connection(s)");
        rows = new ArrayList<>();
        for (PushChannel.Client c : first(p.clients())) {
            rows.add(new String[] {c.client(), c.continuity(), String.valueOf(c.fcmRegistrations()),
                String.valueOf(c.tokensSentToRing().size()), String.valueOf(c.reRegistrations()),
                fmt.count(c.messages())});
        }
        table(out, new String[] {"CLIENT", "CONTINUITY", "FCM REG", "TOKENS TO RING", "RE-REG", "MESSAGES"}, rows,
                p.clients().size());
        heading(out, "6. Endpoints");
        rows = new ArrayList<>();
        for (Endpoints.Host h : r.endpoints().hosts()) {
            for (Endpoints.Endpoint e : h.endpoints()) {
                if (rows.size() < TOP_ROWS * 2) {
                    rows.add(new String[] {h.host(), e.method(), e.template(), fmt.count(e.count())});
                }
            }
        }
        table(out, new String[] {"HOST", "METHOD", "PATH TEMPLATE", "COUNT"}, rows, rows.size());
        heading(out, "7. Security");
        Security sec = r.security();
        out.println("  plain HTTP hosts: " + sec.plaintext().size() + ", refused interception: " + sec.rejected().size()
                + ", passed through: " + sec.passthrough().size() + ", old TLS: " + sec.weakTls().size());
        StringBuilder tls = new StringBuilder("  TLS versions:");
        sec.tlsVersions().forEach(v -> tls.append(' ').append(v.name()).append(" x").append(v.count()));
        out.println(tls);
        if (!sec.upstreamInsecureSessions().isEmpty()) {
            out.println("  upstream NOT verified in session(s) " + sec.upstreamInsecureSessions());
        }
        out.println();
        heading(out, "8. DNS");
        out.println("  " + fmt.count(r.dns().queries()) + " queries from " + r.dns().clients().size() + " client(s)");
        out.println();
        heading(out, "9. Activity");
        r.activity().series().forEach(x -> out.println("  " + x.host() + ": " + fmt.count(x.requests()) + " requests, "
                + fmt.bytes(x.bytes())));
        out.println();
        for (String n : r.meta().notes()) {
            out.println("note: " + n);
        }
        out.println("Generated " + fmt.time(r.meta().generatedAtMicros()) + " UTC by " + r.meta().generator()
                + ". Times are UTC; #N is a flow id (trygr flows show N).");
        out.flush();
    }

    private static String evidence(Evidence e, Format fmt) {
        StringBuilder b = new StringBuilder();
        if (e.flowId() != null) {
            b.append('#').append(e.flowId()).append(' ');
        }
        b.append(fmt.precise(e.atMicros()));
        if (e.host() != null) {
            b.append(' ').append(e.host());
        }
        if (e.where() != null) {
            b.append(' ').append(e.where());
        }
        if (e.fieldPath() != null) {
            b.append(' ').append(e.fieldPath());
        }
        if (e.excerpt() != null) {
            b.append(": ").append(e.excerpt());
        }
        return b.toString();
    }

    private static void heading(PrintWriter out, String title) {
        out.println(title);
        out.println("-".repeat(title.length()));
    }

    private static <T> List<T> first(List<T> list) {
        return list.size() <= TOP_ROWS ? list : list.subList(0, TOP_ROWS);
    }

    private static void table(PrintWriter out, String[] head, List<String[]> rows, int total) {
        if (rows.isEmpty()) {
            out.println("  none");
            out.println();
            return;
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] row : rows) {
                w[i] = Math.min(44, Math.max(w[i], row[i] == null ? 0 : row[i].length()));
            }
        }
        line(out, head, w);
        for (String[] row : rows) {
            line(out, row, w);
        }
        if (total > rows.size()) {
            out.println("  … " + (total - rows.size()) + " more (see the HTML or JSON report)");
        }
        out.println();
    }

    private static void line(PrintWriter out, String[] cells, int[] w) {
        StringBuilder b = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            if (c.length() > w[i]) {
                c = c.substring(0, w[i] - 1) + "…";
            }
            b.append(' ').append(c).append(" ".repeat(w[i] - c.length()));
        }
        out.println(b.toString().stripTrailing());
    }
}
