package dev.trygr.analyzer.tokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.trygr.analyzer.tokens.TokenFlows.HOUR;
import static dev.trygr.analyzer.tokens.TokenFlows.MINUTE;
import static dev.trygr.analyzer.tokens.TokenFlows.SECOND;
import static dev.trygr.analyzer.tokens.TokenFlows.T0;
import static dev.trygr.analyzer.tokens.TokenFlows.cutOff;
import static dev.trygr.analyzer.tokens.TokenFlows.invalidGrant;
import static dev.trygr.analyzer.tokens.TokenFlows.passwordOk;
import static dev.trygr.analyzer.tokens.TokenFlows.refreshOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Diffs of two real capture files written from synthetic Ring traffic: the edge cases. */
class DiffModelTest {
    static final String HW = "6f1c2a9e-0000-4000-8000-1234567890ab";

    @TempDir
    Path dir;

    /** A: login, two hourly rotations. Returns the Ring issuer, to continue in B. */
    private TokenFlows.Tokens[] captureA(Path file, TokenFlows.Ring ring, long clockAhead) {
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + HOUR);
        TokenFlows.Tokens t3 = ring.refresh(T0 + 2 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0 + clockAhead).add(passwordOk(T0 + clockAhead, HW, t1),
                    refreshOk(T0 + HOUR + clockAhead, HW, t1.refresh(), t2),
                    refreshOk(T0 + 2 * HOUR + clockAhead, HW, t2.refresh(), t3)).end(T0 + 3 * HOUR + clockAhead);
        }
        return new TokenFlows.Tokens[] {t1, t2, t3};
    }

    @Test
    void clockSkewBetweenCapturesDoesNotBreakMatchingOrLateness() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens[] t = captureA(a, ring, 0);
        long ahead = 2 * HOUR; // B's machine clock runs two hours ahead of Ring's (and A's)
        long reuseRing = T0 + 2 * HOUR + 10 * MINUTE;
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            // Ring still accepts the stale token once (its grace), issuing a token stamped with Ring's clock
            c.session(reuseRing + ahead).add(refreshOk(reuseRing + ahead, HW, t[1].refresh(), ring.refresh(reuseRing)))
                    .end(reuseRing + ahead + MINUTE);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null));
        ClientDiff client = diff.clients().get(0);
        Continuity.StaleReuse stale = assertInstanceOf(Continuity.StaleReuse.class, client.continuity());
        assertEquals(Continuity.Method.CLAIMS, stale.method());
        assertEquals(T0 + 2 * HOUR, stale.brokenSince(), "A's second token was used at its third rotation");
        assertEquals(10 * MINUTE, stale.lateMicros(), 2 * SECOND, "late on Ring's clock, not 2h10m");
        assertEquals(UseOutcome.USED, stale.outcome());
        assertEquals(Severity.BAD, client.verdict().severity());
        assertTrue(client.verdict().text().contains("push notifications broken since"), client.verdict().text());
        assertNotNull(diff.skewMicros());
        assertEquals(ahead, diff.skewMicros(), 2 * SECOND);
        assertTrue(diff.notes().stream().anyMatch(n -> n.contains("ahead of A's")), diff.notes().toString());
        assertEquals(10 * MINUTE, client.gapMicros(), 2 * SECOND);
    }

    @Test
    void withoutATokenIssuedInBItsClockIsUnknownAndSaidSo() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens[] t = captureA(a, ring, 0);
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 3 * HOUR).add(invalidGrant(T0 + 3 * HOUR, HW, t[1].refresh())).end(T0 + 4 * HOUR);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null));
        assertEquals(null, diff.skewMicros());
        assertTrue(diff.notes().stream().anyMatch(n -> n.contains("B's clock could not be checked")),
                diff.notes().toString());
        Continuity.StaleReuse stale = assertInstanceOf(Continuity.StaleReuse.class,
                diff.clients().get(0).continuity());
        assertEquals(UseOutcome.REJECTED, stale.outcome());
        assertEquals(HOUR, stale.lateMicros(), 2 * SECOND);
    }

    @Test
    void theLastTokenPresentedFirstInBIsPersisted() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens[] t = captureA(a, ring, 0);
        TokenFlows.Tokens t4 = ring.refresh(T0 + 5 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 5 * HOUR).add(refreshOk(T0 + 5 * HOUR, HW, t[2].refresh(), t4)).end(T0 + 6 * HOUR);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null));
        assertEquals(1, diff.commonClients());
        ClientDiff client = diff.clients().get(0);
        Continuity.Persisted p = assertInstanceOf(Continuity.Persisted.class, client.continuity());
        assertEquals(0, p.alsoMatching());
        assertEquals("hardware_id", client.matchedBy());
        assertEquals(Severity.OK, client.verdict().severity());
        assertEquals("persisted correctly", client.verdict().headline());
        assertEquals(2, client.a().cadence().rotations());
        assertEquals(HOUR, client.a().cadence().medianMicros());
    }

    @Test
    void aRefreshCutOffAtTheEndOfAIsNoStaleReuseWhenBRetriesIt() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens lost = ring.refresh(T0 + HOUR);
        var cut = refreshOk(T0 + HOUR, HW, t1.refresh(), lost);
        try (SyntheticCapture c = new SyntheticCapture(a)) {
            c.session(T0).add(passwordOk(T0, HW, t1), cutOff(cut, cut.responseBody().stored().length / 3))
                    .end(T0 + 2 * HOUR);
        }
        TokenFlows.Tokens t3 = ring.refresh(T0 + 3 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 3 * HOUR).add(refreshOk(T0 + 3 * HOUR, HW, t1.refresh(), t3)).end(T0 + 4 * HOUR);
        }
        TokenLineage la = SyntheticCapture.lineage(a, null);
        TokenNode presented = la.clients().get(0).chains().get(0).first();
        assertEquals(TokenState.UNKNOWN, presented.state());
        ClientDiff client = TokenDiffer.diff(la, SyntheticCapture.lineage(b, null)).clients().get(0);
        assertInstanceOf(Continuity.Persisted.class, client.continuity());
        assertEquals(Severity.OK, client.verdict().severity());
        assertTrue(client.disappeared().contains(AnomalyKind.REFRESH_OUTCOME_UNKNOWN));
    }

    @Test
    void tokensIssuedInOneSecondAreReportedAsAmbiguous() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + 300_000); // the same second of Ring's clock
        try (SyntheticCapture c = new SyntheticCapture(a)) {
            c.session(T0).add(passwordOk(T0, HW, t1), refreshOk(T0 + 300_000, HW, t1.refresh(), t2))
                    .end(T0 + HOUR);
        }
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 2 * HOUR).add(refreshOk(T0 + 2 * HOUR, HW, t2.refresh(), ring.refresh(T0 + 2 * HOUR)))
                    .end(T0 + 3 * HOUR);
        }
        ClientDiff client = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null))
                .clients().get(0);
        Continuity.Persisted p = assertInstanceOf(Continuity.Persisted.class, client.continuity());
        assertEquals(1, p.alsoMatching());
        assertEquals(Severity.WARN, client.verdict().severity());
        assertTrue(client.verdict().text().contains("same second"), client.verdict().text());
    }

    @Test
    void aChangedHardwareIdIsMatchedThroughTheRingSession() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        TokenFlows.Tokens[] t = captureA(a, ring, 0);
        String other = "0000aaaa-0000-4000-8000-000000000001";
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 5 * HOUR).add(refreshOk(T0 + 5 * HOUR, other, t[2].refresh(),
                    ring.refresh(T0 + 5 * HOUR))).end(T0 + 6 * HOUR);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null));
        assertEquals(1, diff.commonClients());
        ClientDiff client = diff.clients().get(0);
        assertEquals("Ring session", client.matchedBy());
        assertInstanceOf(Continuity.Persisted.class, client.continuity());
        assertTrue(client.changes().get(0).startsWith("hardware_id changed"), client.changes().toString());
        assertEquals(Severity.WARN, client.verdict().severity());
    }

    @Test
    void aPasswordLoginInBIsANewLogin() {
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        captureA(a, ring, 0);
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 + 5 * HOUR).add(passwordOk(T0 + 5 * HOUR, HW, ring.login(T0 + 5 * HOUR)))
                    .end(T0 + 6 * HOUR);
        }
        ClientDiff client = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null))
                .clients().get(0);
        assertInstanceOf(Continuity.NewLogin.class, client.continuity());
        assertEquals("new login", client.verdict().headline());
        assertEquals(Severity.WARN, client.verdict().severity());
    }

    @Test
    void unrelatedCapturesHaveNoCommonClientAndASwappedPairIsNoted() {
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        captureA(a, new TokenFlows.Ring(HW), 0);
        String other = "0000bbbb-0000-4000-8000-000000000002";
        TokenFlows.Ring ring = new TokenFlows.Ring(other);
        try (SyntheticCapture c = new SyntheticCapture(b)) {
            c.session(T0 - 10 * HOUR).add(passwordOk(T0 - 10 * HOUR, other, ring.login(T0 - 10 * HOUR)))
                    .end(T0 - 9 * HOUR);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(a, null), SyntheticCapture.lineage(b, null));
        assertEquals(0, diff.commonClients());
        assertTrue(diff.headline().startsWith("no common client"), diff.headline());
        assertEquals(2, diff.clients().size());
        assertTrue(diff.notes().stream().anyMatch(n -> n.contains("B was recorded before A")), diff.notes().toString());
    }

    @Test
    void sessionsOfOneFileAreComparedByFingerprint() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + HOUR);
        TokenFlows.Tokens t3 = ring.refresh(T0 + 3 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0).add(passwordOk(T0, HW, t1), refreshOk(T0 + HOUR, HW, t1.refresh(), t2)).end(T0 + 2 * HOUR);
            c.session(T0 + 3 * HOUR).add(refreshOk(T0 + 3 * HOUR, HW, t1.refresh(), t3)).end(T0 + 4 * HOUR);
        }
        TokenDiff diff = TokenDiffer.diff(SyntheticCapture.lineage(file, 1L), SyntheticCapture.lineage(file, 2L));
        assertTrue(diff.sameKey());
        Continuity.StaleReuse stale = assertInstanceOf(Continuity.StaleReuse.class,
                diff.clients().get(0).continuity());
        assertEquals(Continuity.Method.FINGERPRINT, stale.method());
        assertEquals(T0 + HOUR, stale.brokenSince());
        assertEquals(2 * HOUR, stale.lateMicros(), 2 * SECOND);
    }
}
