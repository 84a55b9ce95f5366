package dev.trygr.cli;

import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientLineage;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.tokens.TokenLineage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two separate runs of {@code trygr demo}: separate homes, so no client is common. */
class TokenDiffDemoTest {

    @Test
    void twoUnrelatedDemoCapturesHaveNoCommonClient(@TempDir Path one, @TempDir Path two) throws Exception {
        DemoCommand.Outcome first = DemoCommand.run(one, new PrintWriter(new StringWriter()));
        DemoCommand.run(two, new PrintWriter(new StringWriter()));
        Path a = one.resolve("capture.db");
        Path b = two.resolve("capture.db");

        TokenLineage la = TokenDiffSimulatorTest.lineage(a);
        assertEquals(3, la.clients().size());
        String staleId = first.clients().get(1).hardwareId();
        String reregId = first.clients().get(2).hardwareId();
        ClientLineage stale = la.clients().stream().filter(c -> staleId.equals(c.key().hardwareId())).findFirst()
                .orElseThrow();
        assertEquals(2, stale.count(AnomalyKind.STALE_REUSE));
        assertEquals(1, stale.count(AnomalyKind.INVALID_GRANT));
        ClientLineage rereg = la.clients().stream().filter(c -> reregId.equals(c.key().hardwareId())).findFirst()
                .orElseThrow();
        assertEquals(1, rereg.count(AnomalyKind.FCM_REREGISTERED));
        assertTrue(la.unattributed().isEmpty(), "every push setup call is tied to its client: " + la.unattributed());

        TokenDiff diff = TokenDiffer.diff(la, TokenDiffSimulatorTest.lineage(b));
        assertEquals(0, diff.commonClients());
        assertEquals(6, diff.clients().size());
        CaCommandTest.Run run = CaCommandTest.trygr("tokens", "diff", a.toString(), b.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("no common client"), run.out());
    }
}
