package dev.trygr.reports;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared engine and layout: every page extends base.peb, output is escaped, unknown variables fail. */
class HtmlTest {

    @Test
    void aPageExtendsTheBaseLayoutAndEscapesItsValues() {
        String page = Html.render("test/page.peb", Map.of("name", "<b>x</b> & y"));
        assertTrue(page.contains("<title>test page</title>"), page);
        assertTrue(page.contains("<style>") && page.contains("@media print"), page);
        assertTrue(page.contains("&lt;b&gt;x&lt;/b&gt; &amp; y"), page);
        assertTrue(page.contains("class=\"page\""), page);
    }

    @Test
    void aVariableTheModelDoesNotHoldIsAnError() {
        assertThrows(IllegalStateException.class, () -> Html.render("test/page.peb", Map.of()));
    }
}
