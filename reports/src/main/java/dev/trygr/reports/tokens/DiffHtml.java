package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.HumanTime;
import dev.trygr.analyzer.tokens.Severity;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.reports.Html;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The diff as one self-contained HTML page ({@code tokens/diff.peb} on the shared {@code base.peb}: inline CSS, no
 * script, no external request). The full report can show the same section by including
 * {@code tokens/diff-section.peb} with {@link #SECTION_VARIABLE} set to {@link #model(TokenDiff)}.
 */
public final class DiffHtml {
    public static final String PAGE = "tokens/diff.peb";
    public static final String SECTION = "tokens/diff-section.peb";
    /** The variable the section template reads its model from. */
    public static final String SECTION_VARIABLE = "tokenDiff";

    private DiffHtml() {
    }

    /**
     * Writes the page.
     *
     * @param generated when it was made, as shown in the footer
     * @param version   trygr's version, for the footer
     */
    public static void write(TokenDiff diff, String generated, String version, Writer out) throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put(SECTION_VARIABLE, model(diff));
        page.put("generated", generated);
        page.put("version", version);
        Html.render(PAGE, page, out);
    }

    /** The section's model: strings, lists and maps only (no nulls), ready for the template. */
    public static Map<String, Object> model(TokenDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", d.a());
        m.put("b", d.b());
        m.put("headline", d.headline());
        m.put("severity", severity(d).id());
        m.put("notes", d.notes());
        m.put("linking", d.linking());
        m.put("matching", d.sameKey() ? "by fingerprint (same capture key)" : "by JWT claims (session_id + iat)");
        List<Map<String, Object>> clients = new ArrayList<>();
        for (ClientDiff c : d.clients()) {
            clients.add(client(c));
        }
        m.put("clients", clients);
        return m;
    }

    private static Map<String, Object> client(ClientDiff c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", c.label());
        m.put("matchedBy", c.matchedBy() == null ? "" : c.matchedBy());
        m.put("severity", c.verdict().severity().id());
        m.put("headline", c.verdict().headline());
        m.put("text", c.verdict().text());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DiffRows.Row r : DiffRows.of(c)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.name());
            row.put("a", r.a());
            row.put("b", r.b());
            row.put("differs", r.differs());
            rows.add(row);
        }
        m.put("rows", rows);
        m.put("changes", c.changes());
        m.put("appeared", words(c.appeared()));
        m.put("disappeared", words(c.disappeared()));
        m.put("gap", c.gapMicros() == null ? "" : HumanTime.span(c.gapMicros()));
        return m;
    }

    private static List<String> words(List<AnomalyKind> kinds) {
        return kinds.stream().map(AnomalyKind::words).toList();
    }

    private static Severity severity(TokenDiff d) {
        if (d.commonClients() == 0) {
            return Severity.INFO;
        }
        boolean warn = false;
        for (ClientDiff c : d.clients()) {
            if (c.common() && c.verdict().severity() == Severity.BAD) {
                return Severity.BAD;
            }
            warn |= c.common() && c.verdict().severity() == Severity.WARN;
        }
        return warn ? Severity.WARN : Severity.OK;
    }
}
