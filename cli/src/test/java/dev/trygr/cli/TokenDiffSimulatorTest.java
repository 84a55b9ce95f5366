package dev.trygr.cli;

import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.Continuity;
import dev.trygr.analyzer.tokens.PushContinuity;
import dev.trygr.analyzer.tokens.Severity;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.capture.CaptureReader;
import dev.trygr.simulator.PushKind;
import dev.trygr.simulator.RingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The question answered from two real captures: the simulator's ring-client-api look-alikes run through the
 * real proxy (real TLS, real SQLite) into capture A, then restart into capture B, each keeping (or not) its config
 * between the two, as a homebridge restart does.
 */
class TokenDiffSimulatorTest {
    @TempDir
    static Path dir;
    static TokenHomeRuns home;
    static TokenHomeRuns.Install good;
    static TokenHomeRuns.Install stale;
    static TokenHomeRuns.Install rereg;
    static Path a;
    static Path b;
    static String goodConfigAfterA;
    static TokenDiff diff;

    @BeforeAll
    static void recordTwoRuns() throws Exception {
        home = TokenHomeRuns.start(dir, Duration.ofSeconds(30));
        good = home.install("good");
        stale = home.install("stale");
        rereg = home.install("rereg");
        a = dir.resolve("a.db");
        b = dir.resolve("b.db");
        try (TokenHomeRuns.Recording run = home.record(a)) {
            RingClient g = run.start(good, 1, true);
            home.login(g);
            g.loadAccount();
            home.push(g, false, PushKind.DING);
            TokenHomeRuns.nextSecond();
            g.refresh();
            // a CLI logs in and its token is pasted into the config once; the first start rotates and saves nothing
            home.login(run.start(stale, 1, true));
            TokenHomeRuns.nextSecond();
            run.start(stale, 2, false).refresh();
            RingClient r = run.start(rereg, 1, true);
            home.login(r);
            home.push(r, true, PushKind.DING);
        }
        goodConfigAfterA = Files.readString(good.config());
        TokenHomeRuns.nextSecond();
        try (TokenHomeRuns.Recording run = home.record(b)) {
            RingClient g = run.start(good, 2, true);
            g.refresh();
            home.push(g, false, PushKind.MOTION);
            run.start(stale, 3, false).refresh(); // the pasted token again: Ring's grace still lets it through
            RingClient r = run.start(rereg, 2, true);
            r.refresh();
            home.push(r, true, PushKind.DING);
        }
        diff = TokenDiffer.diff(lineage(a), lineage(b));
    }

    @AfterAll
    static void stop() {
        home.close();
    }

    static TokenLineage lineage(Path file) {
        try (CaptureReader r = CaptureReader.open(file)) {
            return TokenLineage.read(r, null, file.getFileName().toString());
        }
    }

    static ClientDiff client(TokenHomeRuns.Install install) {
        return diff.clients().stream().filter(c -> c.label().contains(install.hardwareId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + install.name() + " in " + diff.clients()));
    }

    @Test
    void theGoodClientPersistedItsTokenAndKeptItsPushRegistration() {
        ClientDiff c = client(good);
        Continuity.Persisted p = assertInstanceOf(Continuity.Persisted.class, c.continuity(), c.verdict().text());
        assertEquals(Continuity.Method.CLAIMS, p.method());
        assertEquals(0, p.alsoMatching(), "tokens issued in different seconds are told apart by their claims");
        PushContinuity.Same same = assertInstanceOf(PushContinuity.Same.class, c.push());
        assertFalse(same.exact());
        assertEquals(Severity.OK, c.verdict().severity(), c.verdict().text());
        assertEquals("persisted correctly", c.verdict().headline());
        assertEquals("hardware_id", c.matchedBy());
    }

    @Test
    void theStaleClientReusedAnOldTokenAndItsPushIsBrokenSinceThen() {
        ClientDiff c = client(stale);
        Continuity.StaleReuse s = assertInstanceOf(Continuity.StaleReuse.class, c.continuity(), c.verdict().text());
        assertEquals(Severity.BAD, c.verdict().severity());
        assertEquals("stale reuse", c.verdict().headline());
        assertTrue(c.verdict().text().contains("push notifications broken since"), c.verdict().text());
        assertTrue(s.lateMicros() > 0);
        // B alone cannot tell: the token it presented was issued before B began; only the diff sees it is stale
        assertEquals(0, c.b().anomalies().getOrDefault(AnomalyKind.STALE_REUSE, 0L));
    }

    @Test
    void theReRegisteringClientKeptItsTokenButRegisteredForPushAnew() {
        ClientDiff c = client(rereg);
        assertInstanceOf(Continuity.Persisted.class, c.continuity(), c.verdict().text());
        PushContinuity.Reregistered r = assertInstanceOf(PushContinuity.Reregistered.class, c.push());
        assertTrue(r.sameAndroidId(), "push-receiver re-checks in with its stored android id");
        assertEquals(Severity.BAD, c.verdict().severity());
        assertEquals("re-registered", c.verdict().headline());
    }

    @Test
    void theCommandAnswersInOneLinePerClientAndWritesASelfContainedPage() throws Exception {
        Path html = dir.resolve("out").resolve("diff.html");
        CaCommandTest.Run run = CaCommandTest.trygr("tokens", "diff", a.toString(), b.toString(), "--out",
                html.toString());
        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.contains("[ok]   hardware_id " + good.hardwareId() + ": persisted correctly"), out);
        assertTrue(out.contains("[bad]  hardware_id " + stale.hardwareId() + ": stale reuse"), out);
        assertTrue(out.contains("[bad]  hardware_id " + rereg.hardwareId() + ": re-registered"), out);
        assertTrue(out.contains("Wrote " + html), out);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>") || page.contains("<!DOCTYPE html>"));
        assertTrue(page.contains("<style>"));
        assertFalse(page.toLowerCase().contains("<script"), "readable without JavaScript");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//").matcher(page).find(),
                "no external request");
        assertTrue(page.contains("persisted correctly") && page.contains("stale reuse")
                && page.contains("re-registered"));
        assertNoRawToken(out + page);
    }

    @Test
    void lineageShowsEachChainAndJsonIsValid() throws Exception {
        CaCommandTest.Run text = CaCommandTest.trygr("tokens", "lineage", "--capture", a.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("hardware_id " + stale.hardwareId()), text.out());
        assertTrue(text.out().contains("LATEST"), text.out());
        CaCommandTest.Run json = CaCommandTest.trygr("tokens", "lineage", "--capture", b + "#1", "--json");
        assertEquals(0, json.code(), json.err());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals(3, tree.get("clients").size());
        assertNoRawToken(text.out() + json.out());
    }

    @Test
    void inspectSaysWhetherASavedTokenIsCurrentOrSuperseded() {
        CaCommandTest.Run current = CaCommandTest.trygr("tokens", "inspect", good.config().toString(),
                "--capture", b.toString());
        assertEquals(0, current.code(), current.err());
        assertTrue(current.out().contains("Current:"), current.out());
        assertTrue(current.out().contains("Push: its FCM token"), current.out());
        CaCommandTest.Run newer = CaCommandTest.trygr("tokens", "inspect", good.config().toString(),
                "--capture", a.toString());
        assertEquals(0, newer.code(), newer.err());
        assertTrue(newer.out().contains("Newer than anything in this capture"), newer.out());
        CaCommandTest.Run old = CaCommandTest.trygr("tokens", "inspect", stale.config().toString(),
                "--capture", a.toString());
        assertEquals(0, old.code(), old.err());
        assertTrue(old.out().contains("Superseded since"), old.out());
    }

    @Test
    void clearErrorsForMissingFilesBadSessionsAndEmptyCaptures() throws Exception {
        CaCommandTest.Run missing = CaCommandTest.trygr("tokens", "diff", dir.resolve("nope.db").toString(),
                b.toString());
        assertEquals(ExitCode.CAPTURE.code, missing.code());
        assertTrue(missing.err().contains("no capture at"), missing.err());
        CaCommandTest.Run badSession = CaCommandTest.trygr("tokens", "diff", a + "#x", b.toString());
        assertEquals(ExitCode.USAGE.code, badSession.code());
        assertTrue(badSession.err().contains("session number"), badSession.err());
        CaCommandTest.Run noSession = CaCommandTest.trygr("tokens", "lineage", "--capture", a + "#9");
        assertEquals(ExitCode.NOT_FOUND.code, noSession.code());
        assertTrue(noSession.err().contains("no session 9"), noSession.err());
        Path empty = dir.resolve("empty.db");
        try (var c = dev.trygr.capture.Capture.open(empty)) {
            c.startSession(new dev.trygr.capture.SessionInfo("test", java.util.List.of(), "00", false, false, 1,
                    java.util.Map.of()));
        }
        CaCommandTest.Run none = CaCommandTest.trygr("tokens", "lineage", "--capture", empty.toString());
        assertEquals(ExitCode.NOT_FOUND.code, none.code());
        assertTrue(none.err().contains("holds no token events"), none.err());
    }

    /** No raw refresh token (the saved one, or any JWT) may reach the output. */
    private static void assertNoRawToken(String output) {
        assertFalse(output.contains("eyJ"), "a JWT reached the output");
        String config = goodConfigAfterA;
        int at = config.indexOf("\"refreshToken\"");
        if (at >= 0) {
            String value = config.substring(config.indexOf('"', config.indexOf(':', at)) + 1);
            value = value.substring(0, value.indexOf('"'));
            assertFalse(output.contains(value), "the saved token reached the output");
        }
    }
}
