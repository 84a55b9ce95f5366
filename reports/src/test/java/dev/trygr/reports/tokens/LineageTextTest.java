package dev.trygr.reports.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.analyzer.tokens.TokenLineage;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineageTextTest {

    private static TokenLineage chain(int rotations) {
        TokenRows rows = new TokenRows("hw-1", "5e55i0n-1").login(TokenRows.T0);
        for (int i = 1; i <= rotations; i++) {
            rows.rotate(TokenRows.T0 + i * TokenRows.HOUR);
        }
        return rows.lineage("big.db");
    }

    @Test
    void thousandsOfRoutineRotationsFoldIntoOneLineUnlessAllAreAsked() {
        TokenLineage l = chain(5000);
        StringWriter folded = new StringWriter();
        new LineageText(new PrintWriter(folded), false).render(l);
        String text = folded.toString();
        assertTrue(text.contains("4995 more routine tokens"), text);
        assertTrue(text.contains("5000 rotations, median every 1h00m"), text);
        assertTrue(text.contains("LATEST"), text);
        assertTrue(text.lines().count() < 30, "folded: " + text.lines().count() + " lines");
        StringWriter all = new StringWriter();
        new LineageText(new PrintWriter(all), true).render(l);
        assertTrue(all.toString().lines().count() > 5000);
    }

    @Test
    void aForkIsDrawnAsBranchesAndItsSuccessorsContinueUnderTheirBranch() {
        TokenRows rows = new TokenRows("hw-2", "s-2").login(TokenRows.T0);
        String login = rows.current();
        rows.rotateFrom(login, TokenRows.T0 + TokenRows.HOUR);
        String second = rows.rotateFrom(login, TokenRows.T0 + TokenRows.HOUR + 60_000_000L); // stale, accepted
        String last = rows.rotateFrom(second, TokenRows.T0 + 2 * TokenRows.HOUR);
        StringWriter out = new StringWriter();
        new LineageText(new PrintWriter(out), false).render(rows.lineage("fork.db"));
        String text = out.toString();
        assertTrue(text.contains("    ├─ "), text);
        assertTrue(text.contains("    └─ " + second.substring(0, 12)), text);
        assertTrue(text.contains("\n       " + last.substring(0, 12) + "  refresh"), text);
        assertTrue(text.contains("STALE REUSE, 1m00s late; Ring accepted it"), text);
    }

    @Test
    void jsonHoldsEveryTokenByPrefix() throws Exception {
        TokenLineage l = chain(3);
        StringWriter out = new StringWriter();
        LineageJson.write(l, out);
        JsonNode tree = new ObjectMapper().readTree(out.toString());
        JsonNode client = tree.get("clients").get(0);
        assertEquals("hw-1", client.get("hardware_id").asText());
        JsonNode tokens = client.get("chains").get(0).get("tokens");
        assertEquals(4, tokens.size());
        assertEquals(12, tokens.get(0).get("token").asText().length());
        assertEquals("password", tokens.get(0).get("obtained").asText());
        assertEquals("latest", tokens.get(3).get("state").asText());
        assertEquals(3, client.get("rotations").asInt());
        assertEquals(3_600_000_000L, client.get("median_rotation_interval_us").asLong());
    }
}
