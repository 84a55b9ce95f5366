package dev.trygr.cli.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTableTest {

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        String table = TextTable.withHeader("ID", "METHOD", "HOST", "STATUS", "SIZE", "TIME")
                .row("1", "GET", "api.ring.com", "200", "532 B", "0.8 ms")
                .row("12", "POST", "oauth.ring.com", "401", "12.3 KiB", "125 ms")
                .row("103", "CONNECT", "mtalk.google.com", "-", "4.0 MiB", "3.2 s")
                .render();
        assertEquals("""
                 ID  METHOD   HOST              STATUS      SIZE    TIME
                ---  -------  ----------------  ------  --------  ------
                  1  GET      api.ring.com         200     532 B  0.8 ms
                 12  POST     oauth.ring.com       401  12.3 KiB  125 ms
                103  CONNECT  mtalk.google.com       -   4.0 MiB   3.2 s""", table);
    }

    @Test
    void cutsLongCellsToTheColumnsMaximum() {
        String table = TextTable.withHeader("HOST", "PATH")
                .maxWidth(1, 12)
                .row("a.example", "/clients_api/ding/active?burst=false")
                .row("b.example", "/short")
                .render();
        assertEquals("""
                HOST       PATH
                ---------  ------------
                a.example  /clients_...
                b.example  /short""", table);
    }

    @Test
    void maxWidthAppliesToTheHeaderToo() {
        assertEquals("LON...\n------\nx", TextTable.withHeader("LONG TITLE").maxWidth(6).row("x").render());
    }

    @ParameterizedTest(name = "\"{0}\" to {1}: \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "abcdef|6|abcdef",
        "abcdefg|6|abc...",
        "abcdefg|4|a...",
        "abcdefg|3|abc",
        "abcdefg|1|a",
        "😀😀😀😀😀|4|😀...",
    })
    void fitsCells(String cell, int width, String expected) {
        assertEquals(expected, TextTable.fitted(cell, width));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "200|true",
        "-17|true",
        "1,234,567|true",
        "12.5|true",
        "99%|true",
        "532 B|true",
        "4 min 05 s|true",
        "10.0.0.1|false",
        "2024-01-01|false",
        "abc|false",
        "v1|false",
    })
    void rightAlignsOnlyNumericColumns(String cell, boolean numeric) {
        String table = TextTable.withHeader("COLUMN_TITLE").row(cell).row("").render();
        String cellLine = table.split("\n")[2];
        assertEquals(numeric, cellLine.startsWith(" "), table);
    }

    @Test
    void escapesControlCharactersSoACellStaysOnItsLine() {
        String table = TextTable.withHeader("UA").row("evil\n\u001b[2Jagent\tx").render();
        assertEquals("UA\n---------------------\nevil\\n\\x1b[2Jagent\\tx", table);
    }

    @Test
    void fillsMissingAndNullCells() {
        assertEquals("A  B  C\n-  -  -\n1\n   2", TextTable.withHeader("A", "B", "C").row("1").row(null, "2").render());
    }

    @Test
    void headerOnly() {
        TextTable table = TextTable.withHeader("NAME", "N");
        assertEquals(0, table.size());
        assertEquals("NAME  N\n----  -", table.render());
    }

    @Test
    void isAsciiWhenCellsAre() {
        String table = TextTable.withHeader("A", "B").maxWidth(5).row("abcdefgh", "12").render();
        assertTrue(table.chars().allMatch(c -> c < 128), table);
    }

    @Test
    void rejectsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> TextTable.withHeader());
        assertThrows(IllegalArgumentException.class, () -> TextTable.withHeader("A").row("1", "2"));
        assertThrows(IllegalArgumentException.class, () -> TextTable.withHeader("A").maxWidth(0));
    }
}
