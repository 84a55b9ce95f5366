package dev.trygr.analyzer.tokens;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.TokenEventRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.trygr.analyzer.tokens.TokenFlows.HOUR;
import static dev.trygr.analyzer.tokens.TokenFlows.MINUTE;
import static dev.trygr.analyzer.tokens.TokenFlows.SECOND;
import static dev.trygr.analyzer.tokens.TokenFlows.T0;
import static dev.trygr.analyzer.tokens.TokenFlows.cutOff;
import static dev.trygr.analyzer.tokens.TokenFlows.invalidGrant;
import static dev.trygr.analyzer.tokens.TokenFlows.passwordOk;
import static dev.trygr.analyzer.tokens.TokenFlows.pushTokenPatch;
import static dev.trygr.analyzer.tokens.TokenFlows.refreshOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lineage of one capture, from real capture files written by the real writer. */
class LineageModelTest {
    static final String HW = "6f1c2a9e-0000-4000-8000-1234567890ab";

    @TempDir
    Path dir;

    @Test
    void hourlyRotationsMakeOneChainWithItsLatestToken() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            SyntheticCapture.Session s = c.session(T0);
            TokenFlows.Tokens t = ring.login(T0);
            s.add(passwordOk(T0, HW, t));
            for (int i = 1; i <= 3; i++) {
                TokenFlows.Tokens next = ring.refresh(T0 + i * HOUR);
                s.add(refreshOk(T0 + i * HOUR, HW, t.refresh(), next));
                t = next;
            }
            s.end(T0 + 4 * HOUR);
        }
        TokenLineage l = SyntheticCapture.lineage(file, null);
        assertEquals(1, l.clients().size());
        ClientLineage client = l.clients().get(0);
        assertEquals(HW, client.key().hardwareId());
        assertEquals(1, client.chains().size());
        Chain chain = client.chains().get(0);
        assertEquals(ring.session(), chain.ringSession());
        assertEquals(Obtained.PASSWORD, chain.origin());
        assertEquals(List.of(TokenState.USED, TokenState.USED, TokenState.USED, TokenState.LATEST),
                chain.tokens().stream().map(TokenNode::state).toList());
        assertEquals(3, client.cadence().rotations());
        assertEquals(HOUR, client.cadence().medianMicros());
        assertEquals(chain.last().fingerprint(), client.latest());
        assertEquals(chain.last().fingerprint(), chain.latest());
        for (int i = 0; i < 3; i++) {
            TokenNode t = chain.tokens().get(i);
            assertEquals(chain.tokens().get(i + 1).fingerprint(), t.supersededBy());
            assertEquals(T0 + (i + 1) * HOUR, t.supersededAt());
            assertEquals(T0 + (i + 1) * HOUR, t.firstUsedAt());
            assertEquals(1, t.timesUsed());
        }
        assertTrue(client.anomalies().isEmpty(), client.anomalies().toString());
        assertTrue(l.ringClock().known());
        assertTrue(Math.abs(l.ringClock().medianMicros()) < SECOND);
    }

    @Test
    void staleReuseAndInvalidGrantAreFoundWithHowLate() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens first = ring.login(T0);
        TokenFlows.Tokens second = ring.refresh(T0 + HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            SyntheticCapture.Session s = c.session(T0);
            s.add(passwordOk(T0, HW, first), refreshOk(T0 + HOUR, HW, first.refresh(), second),
                    invalidGrant(T0 + HOUR + 5 * MINUTE, HW, first.refresh()));
            s.end(T0 + 2 * HOUR);
        }
        ClientLineage client = SyntheticCapture.lineage(file, null).clients().get(0);
        TokenNode old = client.chains().get(0).first();
        assertEquals(2, old.presentations().size());
        Presentation reuse = old.presentations().get(1);
        assertEquals(UseOutcome.REJECTED, reuse.outcome());
        assertEquals(5 * MINUTE, reuse.staleMicros());
        assertEquals(List.of(AnomalyKind.STALE_REUSE, AnomalyKind.INVALID_GRANT),
                client.anomalies().stream().map(Anomaly::kind).toList());
        assertEquals(5 * MINUTE, client.anomalies().get(0).lateMicros());
        assertTrue(client.anomalies().get(0).text().contains(old.prefix()));
        assertFalse(client.anomalies().get(0).text().contains(first.refresh()), "never a raw token");
    }

    @Test
    void aRefreshCutOffMidResponseLeavesItsTokenUnknownNotUsed() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens first = ring.login(T0);
        TokenFlows.Tokens lost = ring.refresh(T0 + HOUR);
        TokenFlows.Tokens retried = ring.refresh(T0 + HOUR + 10 * SECOND);
        var cut = refreshOk(T0 + HOUR, HW, first.refresh(), lost);
        int keep = cut.responseBody().stored().length - 20; // the refresh_token arrived whole, the rest did not
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            SyntheticCapture.Session s = c.session(T0);
            s.add(passwordOk(T0, HW, first), cutOff(cut, keep),
                    refreshOk(T0 + HOUR + 10 * SECOND, HW, first.refresh(), retried));
            s.end(T0 + 2 * HOUR);
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            TokenEventRow stored = r.tokenEvents(null).stream().filter(e -> "cut_off".equals(e.outcome()))
                    .findFirst().orElseThrow();
            assertEquals("unknown", stored.presentedOutcome());
        }
        ClientLineage client = SyntheticCapture.lineage(file, null).clients().get(0);
        Chain chain = client.chains().get(0);
        TokenNode presented = chain.first();
        assertEquals(List.of(UseOutcome.UNKNOWN, UseOutcome.USED),
                presented.presentations().stream().map(Presentation::outcome).toList());
        assertFalse(presented.presentations().get(1).stale(), "a retry after a lost answer is no stale reuse");
        assertEquals(T0 + HOUR + 10 * SECOND, presented.firstUsedAt());
        assertEquals(1, presented.timesUsed());
        TokenNode undelivered = chain.tokens().get(1);
        assertEquals(TokenState.UNDELIVERED, undelivered.state());
        assertEquals(TokenState.LATEST, chain.last().state());
        assertEquals(List.of(AnomalyKind.REFRESH_OUTCOME_UNKNOWN),
                client.anomalies().stream().map(Anomaly::kind).toList());
        assertEquals(1, client.cadence().rotations());
    }

    @Test
    void overlappingSessionsInOneFileGiveOneChainInTimeOrder() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + HOUR);
        TokenFlows.Tokens t3 = ring.refresh(T0 + 2 * HOUR);
        TokenFlows.Tokens t4 = ring.refresh(T0 + 3 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            SyntheticCapture.Session one = c.session(T0 - MINUTE);
            SyntheticCapture.Session two = c.session(T0 - SECOND);
            // two proxies on one file: the later session writes first, rows interleave out of time order
            two.add(refreshOk(T0 + 2 * HOUR, HW, t2.refresh(), t3));
            one.add(passwordOk(T0, HW, t1));
            one.add(refreshOk(T0 + 3 * HOUR, HW, t3.refresh(), t4));
            two.add(refreshOk(T0 + HOUR, HW, t1.refresh(), t2));
            one.end(T0 + 4 * HOUR);
            two.end(T0 + 4 * HOUR);
        }
        TokenLineage l = SyntheticCapture.lineage(file, null);
        assertEquals(2, l.sessions().size());
        assertTrue(l.sessions().stream().allMatch(SessionSpan::overlaps));
        assertFalse(l.notes().isEmpty());
        ClientLineage client = l.clients().get(0);
        assertEquals(1, client.chains().size(), "one chain whatever order the rows were written in");
        Chain chain = client.chains().get(0);
        assertEquals(4, chain.tokens().size());
        assertEquals(List.of(T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR),
                chain.tokens().stream().map(TokenNode::issuedAt).toList());
        assertEquals(3, client.cadence().rotations());
        assertEquals(HOUR, client.cadence().medianMicros());
        assertTrue(client.anomalies().stream().noneMatch(a -> a.kind() == AnomalyKind.STALE_REUSE),
                client.anomalies().toString());
        assertEquals(TokenState.LATEST, chain.last().state());
        assertEquals(T0 + 3 * HOUR, chain.last().issuedAt());
    }

    @Test
    void oneSessionOfAFileSeesEarlierTokensAsIssuedBeforeIt() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + 2 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0).add(passwordOk(T0, HW, t1)).end(T0 + HOUR);
            c.session(T0 + 2 * HOUR).add(refreshOk(T0 + 2 * HOUR, HW, t1.refresh(), t2)).end(T0 + 3 * HOUR);
        }
        Chain chain = SyntheticCapture.lineage(file, 2L).clients().get(0).chains().get(0);
        assertEquals(Obtained.BEFORE_CAPTURE, chain.origin());
        assertNull(chain.first().issuedAt());
        assertEquals(ring.session(), chain.first().claims().ringSession());
        try (CaptureReader r = CaptureReader.open(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TokenLineage.read(r, 7L, "c.db#7"));
            assertTrue(e.getMessage().contains("no session 7") && e.getMessage().contains("1, 2"), e.getMessage());
        }
    }

    @Test
    void pushTokensAreBoundToTheChainAndAReRegistrationIsFlagged() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0).add(passwordOk(T0, HW, t1), pushTokenPatch(T0 + SECOND, HW, t1.access(), "fcm-one"),
                    refreshOk(T0 + HOUR, HW, t1.refresh(), t2),
                    pushTokenPatch(T0 + HOUR + SECOND, HW, t2.access(), "fcm-two")).end(T0 + 2 * HOUR);
        }
        ClientLineage client = SyntheticCapture.lineage(file, null).clients().get(0);
        assertEquals(2, client.push().size());
        PushRegistration first = client.push().get(0);
        PushRegistration second = client.push().get(1);
        assertEquals("bearer", first.boundBy());
        assertEquals(client.chains().get(0).first().fingerprint(), first.refreshToken());
        assertEquals(client.chains().get(0).last().fingerprint(), second.refreshToken());
        assertFalse(first.reregistration());
        assertTrue(second.reregistration());
        assertEquals(List.of(AnomalyKind.FCM_REREGISTERED), client.anomalies().stream().map(Anomaly::kind).toList());
        assertEquals(List.of("homebridge-ring"), client.deviceModels());
    }

    @Test
    void aSecondPasswordLoginStartsANewChainAndRingSession() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        TokenFlows.Tokens t1 = ring.login(T0);
        String firstSession = ring.session();
        TokenFlows.Tokens t2 = ring.login(T0 + 3 * HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0).add(passwordOk(T0, HW, t1), passwordOk(T0 + 3 * HOUR, HW, t2)).end(T0 + 4 * HOUR);
        }
        ClientLineage client = SyntheticCapture.lineage(file, null).clients().get(0);
        assertEquals(2, client.chains().size());
        assertEquals(List.of(firstSession, ring.session()), client.ringSessions());
        assertEquals(TokenState.SUPERSEDED, client.chains().get(0).first().state());
        assertEquals(List.of(AnomalyKind.REPEATED_PASSWORD_LOGIN),
                client.anomalies().stream().map(Anomaly::kind).toList());
        assertEquals(2, client.passwordLogins());
    }

    @Test
    void aClientWithoutHardwareIdIsKeyedByAddressAndUserAgent() {
        Path file = dir.resolve("c.db");
        TokenFlows.Ring ring = new TokenFlows.Ring(null);
        TokenFlows.Tokens t1 = ring.login(T0);
        TokenFlows.Tokens t2 = ring.refresh(T0 + HOUR);
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            c.session(T0).add(passwordOk(T0, null, t1), refreshOk(T0 + HOUR, null, t1.refresh(), t2))
                    .end(T0 + 2 * HOUR);
        }
        ClientLineage client = SyntheticCapture.lineage(file, null).clients().get(0);
        assertNull(client.key().hardwareId());
        assertEquals(TokenFlows.CLIENT, client.key().address());
        assertEquals(TokenFlows.UA, client.key().userAgent());
        assertEquals(1, client.cadence().rotations());
    }
}
