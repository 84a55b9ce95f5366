package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.reports.Html;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffHtmlTest {
    /** A hardware_id is a request header: whatever a client sends must come out as text, never as markup. */
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private static TokenDiff diff() {
        TokenRows a = new TokenRows(HOSTILE, "s-1").login(TokenRows.T0);
        a.rotate(TokenRows.T0 + TokenRows.HOUR);
        TokenLineage la = a.lineage("a.db");
        TokenRows b = new TokenRows(HOSTILE, "s-2").login(TokenRows.T0 + 5 * TokenRows.HOUR);
        return TokenDiffer.diff(la, b.lineage("b.db"));
    }

    @Test
    void thePageIsSelfContainedEscapedAndPrintable() throws Exception {
        StringWriter out = new StringWriter();
        DiffHtml.write(diff(), "2026-01-01T00:00:00Z", "test", out);
        String page = out.toString();
        assertTrue(page.startsWith("<!DOCTYPE html>") || page.stripLeading().startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<style>") && page.contains("@media print"));
        assertFalse(page.toLowerCase().contains("<script"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//").matcher(page).find(), "external request");
        assertFalse(page.contains(HOSTILE), "a client's header rendered as markup");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text");
        assertTrue(page.contains("new login"), page);
        assertTrue(page.contains("Generated 2026-01-01T00:00:00Z by trygr test."));
    }

    @Test
    void theSectionRendersInsideAnotherPageWithTheSameModel() {
        String section = Html.render(DiffHtml.SECTION, Map.of(DiffHtml.SECTION_VARIABLE, DiffHtml.model(diff())));
        assertTrue(section.contains("id=\"token-diff\""));
        assertFalse(section.contains("<html"));
    }

    @Test
    void textHasOneVerdictLinePerClient() {
        StringWriter out = new StringWriter();
        new DiffText(new PrintWriter(out)).render(diff());
        String text = out.toString();
        assertTrue(text.contains("[warn] hardware_id " + HOSTILE + ": new login"), text);
    }
}
