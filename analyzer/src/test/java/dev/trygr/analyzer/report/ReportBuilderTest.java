package dev.trygr.analyzer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static dev.trygr.analyzer.report.ReportCaptures.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings model on a small capture with one of everything: a Ring login and API calls, a third party that
 * receives the Ring access token, plain HTTP with a token in the URL, a pinned host and an old TLS version.
 */
class ReportBuilderTest {
    static final String HID = "7a005ec8-69de-455c-890b-d16f855b93b9";
    static final String ACCESS = "ACCESS-SECRET-0123456789abcdefghij";
    static final String REFRESH = "REFRESH-SECRET-0123456789abcdefgh";
    static final String PASSWORD = "hunter2-PASSWORD-secret";
    static final List<String> SECRETS = List.of(ACCESS, REFRESH, PASSWORD);

    static ReportCaptures scenario() {
        ReportCaptures c = new ReportCaptures();
        c.dns("api.ring.com", "local").dns("graph.facebook.com", "forwarded");
        long oauth = c.tls("oauth.ring.com");
        c.flow(oauth, "https", "POST", "oauth.ring.com", "/oauth/token",
                headers("Content-Type", "application/json", "hardware_id", HID, "User-Agent", "android:com.ringapp"),
                "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":\"password\","
                        + "\"password\":\"" + PASSWORD + "\",\"username\":\"someone@example.com\"}", 200,
                headers("Content-Type", "application/json"),
                "{\"access_token\":\"" + ACCESS + "\",\"refresh_token\":\"" + REFRESH + "\",\"expires_in\":3600,"
                        + "\"scope\":\"client\",\"token_type\":\"Bearer\"}");
        long api = c.tls("api.ring.com");
        for (String id : new String[] {"684213579", "684213580"}) {
            c.get(api, "api.ring.com", "/clients_api/doorbots/" + id + "/health",
                    headers("authorization", "Bearer " + ACCESS, "hardware_id", HID, "User-Agent", "android:com.ringapp"));
        }
        long fb = c.tls("graph.facebook.com");
        c.flow(fb, "https", "POST", "graph.facebook.com", "/v12.0/activities",
                headers("Authorization", "Bearer " + ACCESS, "Content-Type", "application/json",
                        "User-Agent", "FBAndroidSDK"),
                "{\"event\":\"app_open\",\"anon_id\":\"XZ123\"}", 200, headers("Content-Type", "application/json"), "{}");
        long plain = c.connection("tracker.example", "regular@127.0.0.1:8080", ConnectionOutcome.PLAIN, null, null,
                null);
        c.flow(plain, "http", "GET", "tracker.example", "/collect?access_token=" + ACCESS + "&v=1",
                headers("Host", "tracker.example"), null, 204, headers(), null);
        c.connection("pinned.example.net", "regular@127.0.0.1:8080", ConnectionOutcome.REJECTED,
                "pinned.example.net", "TLSv1.2", "client alert: unknown_ca");
        c.connection("pinned.example.net", "regular@127.0.0.1:8080", ConnectionOutcome.PASSTHROUGH,
                "pinned.example.net", null, "refused interception before");
        long old = c.connection("old.example.org", "regular@127.0.0.1:8080", ConnectionOutcome.INTERCEPTED,
                "old.example.org", "TLSv1.1", null);
        c.get(old, "old.example.org", "/status", headers("User-Agent", "old-client/1.0"));
        return c;
    }

    static Report build(Path file) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return ReportBuilder.build(reader, ReportOptions.defaults("trygr test"), ReportProgress.NONE);
        }
    }

    @Test
    void destinationsNamePartiesAndHowTheNameWasLearned(@TempDir Path dir) {
        Report r = build(scenario().write(dir.resolve("capture.db")));
        Destinations.Destination ring = host(r, "api.ring.com");
        assertEquals(Party.FIRST_PARTY, ring.party());
        assertEquals("Ring (Amazon)", ring.organisation());
        assertEquals(List.of("DNS", "SNI", "Host"), ring.learnedBy());
        assertEquals(List.of("intercepted"), ring.handling());
        assertEquals(2, ring.flows());
        assertEquals(1, ring.connections());
        assertEquals("connections", ring.bytesSource());
        Destinations.Destination fb = host(r, "graph.facebook.com");
        assertEquals(Party.THIRD_PARTY, fb.party());
        assertEquals("Meta (Facebook)", fb.organisation());
        assertEquals("social", fb.category());
        assertEquals(Party.UNKNOWN, host(r, "tracker.example").party());
        assertTrue(host(r, "tracker.example").handling().contains("plaintext"));
        assertTrue(host(r, "tracker.example").learnedBy().contains("Host"));
        Destinations.Destination pinned = host(r, "pinned.example.net");
        assertEquals(List.of("passthrough", "rejected"), pinned.handling());
        assertEquals(List.of("SNI", "CONNECT"), pinned.learnedBy());
        assertEquals(0, pinned.flows());
    }

    @Test
    void aTokenSentToAnotherPartyIsAHighFindingWithEvidence(@TempDir Path dir) {
        Report r = build(scenario().write(dir.resolve("capture.db")));
        Finding f = finding(r, "token_to_other_party", "graph.facebook.com");
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("credentials", f.section());
        assertTrue(f.title().contains("Ring access token") && f.title().contains("oauth.ring.com"), f.title());
        Evidence e = f.evidence().get(0);
        assertNotNull(e.flowId());
        assertEquals("header", e.where());
        assertEquals("authorization", e.fieldPath());
        assertTrue(e.excerpt().matches("Authorization: Bearer REDACTED:bearer:[0-9a-f]{12}"), e.excerpt());
        Credentials.Recipient toRing = recipient(r, "bearer", "api.ring.com");
        assertEquals(Boolean.TRUE, toRing.expected());
        assertEquals("Ring access token", toRing.tokenClass());
        assertEquals(2, toRing.count());
        assertEquals(Boolean.FALSE, recipient(r, "bearer", "graph.facebook.com").expected());
        assertEquals("oauth.ring.com", recipient(r, "bearer", "graph.facebook.com").issuer());
    }

    @Test
    void plainHttpAndATokenInAUrlAreFlagged(@TempDir Path dir) {
        Report r = build(scenario().write(dir.resolve("capture.db")));
        Finding url = finding(r, "token_in_url", "tracker.example");
        assertEquals(Severity.HIGH, url.severity(), "a token in a URL over plain HTTP");
        assertEquals("query.access_token", url.evidence().get(0).fieldPath());
        assertTrue(url.evidence().get(0).excerpt().startsWith("GET /collect?access_token=REDACTED:access_token:"),
                url.evidence().get(0).excerpt());
        Finding plain = finding(r, "plaintext_http", "tracker.example");
        assertEquals(Severity.HIGH, plain.severity(), "plain HTTP carrying a credential");
        Security.PlainHost p = r.security().plaintext().get(0);
        assertEquals("tracker.example", p.host());
        assertTrue(p.credentials());
        assertEquals(Severity.INFO, finding(r, "interception_rejected", "pinned.example.net").severity());
        assertEquals(Severity.LOW, finding(r, "weak_tls", "old.example.org").severity());
        assertTrue(r.security().tlsVersions().stream().anyMatch(v -> v.name().equals("TLSv1.1")));
        assertEquals(Severity.MEDIUM, finding(r, "third_party_destination", "graph.facebook.com").severity());
    }

    @Test
    void endpointsAreTemplatedWithTheirFieldNames(@TempDir Path dir) {
        Report r = build(scenario().write(dir.resolve("capture.db")));
        Endpoints.Host ring = r.endpoints().hosts().stream().filter(h -> h.host().equals("api.ring.com")).findFirst()
                .orElseThrow();
        Endpoints.Endpoint health = ring.endpoints().get(0);
        assertEquals("GET", health.method());
        assertEquals("/clients_api/doorbots/{id}/health", health.template());
        assertEquals(2, health.count());
        assertEquals(List.of(new NameCount("2xx", 2)), health.statuses());
        assertTrue(health.responseFields().containsAll(List.of("$.ok", "$.items[].id")), health.responseFields().toString());
        Endpoints.Endpoint token = r.endpoints().hosts().stream().filter(h -> h.host().equals("oauth.ring.com"))
                .findFirst().orElseThrow().endpoints().get(0);
        assertTrue(token.requestFields().containsAll(List.of("$.password", "$.username", "$.grant_type")),
                token.requestFields().toString());
        assertTrue(token.responseFields().contains("$.access_token"), token.responseFields().toString());
        Endpoints.Endpoint collect = r.endpoints().hosts().stream().filter(h -> h.host().equals("tracker.example"))
                .findFirst().orElseThrow().endpoints().get(0);
        assertEquals(List.of("query.access_token", "query.v"), collect.requestFields());
    }

    @Test
    void summaryCountsClientsAndTotals(@TempDir Path dir) {
        Report r = build(scenario().upstreamInsecure().write(dir.resolve("capture.db")));
        Summary s = r.summary();
        assertEquals(6, s.totals().flows());
        assertEquals(7, s.totals().connections());
        assertEquals(2, s.totals().dnsQueries());
        assertEquals(1, s.clients().addresses().size());
        assertEquals(HID, s.clients().hardwareIds().get(0).hardwareId());
        assertEquals(3, s.clients().hardwareIds().get(0).flows());
        assertTrue(s.clients().userAgents().stream().anyMatch(u -> u.userAgent().equals("FBAndroidSDK")));
        assertTrue(s.banners().stream().anyMatch(b -> b.title().contains("Upstream verification was off")));
        assertEquals(Severity.MEDIUM, finding(r, "upstream_insecure", null).severity());
        long high = s.findingsBySeverity().get(0).count();
        assertEquals(r.findings().stream().filter(f -> f.severity() == Severity.HIGH).count(), high);
        assertEquals("F1", r.findings().get(0).id());
        assertEquals(Severity.HIGH, r.findings().get(0).severity(), "most serious first");
        assertEquals(6, r.activity().series().stream().mapToLong(Activity.Series::requests).sum());
        assertTrue(r.activity().buckets() > 0 && r.activity().buckets() <= 240);
        assertEquals(1, r.credentials().clients().size());
        assertEquals(1, r.credentials().clients().get(0).logins());
    }

    @Test
    void noRawSecretReachesTheModelEvenWhenTheCaptureStoresThem(@TempDir Path dir) throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            ReportCaptures c = scenario();
            if (raw) {
                c.storeSecrets();
            }
            Report r = build(c.write(dir.resolve("capture-" + raw + ".db")));
            String json = new ObjectMapper().writeValueAsString(r);
            for (String secret : SECRETS) {
                assertFalse(json.contains(secret), (raw ? "store-secrets: " : "") + "the model holds " + secret);
            }
            assertTrue(json.contains("REDACTED:bearer:"), "markers are kept");
            Finding f = finding(r, "token_to_other_party", "graph.facebook.com");
            assertEquals(Severity.HIGH, f.severity(), "found with raw secrets too: " + raw);
            if (raw) {
                assertTrue(r.summary().banners().stream().anyMatch(b -> b.title().contains("raw secrets")));
            }
        }
    }

    static Destinations.Destination host(Report r, String host) {
        return r.destinations().hosts().stream().filter(d -> d.host().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError("no destination " + host + " in " + r.destinations().hosts()));
    }

    static Finding finding(Report r, String kind, String host) {
        return r.findings().stream().filter(f -> f.kind().equals(kind)
                        && (host == null || host.equals(f.host()) || f.evidence().stream()
                        .anyMatch(e -> host.equals(e.host()))))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " finding for " + host + " in "
                        + r.findings().stream().map(f -> f.kind() + "/" + f.host()).toList()));
    }

    static Credentials.Recipient recipient(Report r, String kind, String host) {
        return r.credentials().recipients().stream().filter(x -> x.kind().equals(kind) && x.host().equals(host))
                .findFirst().orElse(null);
    }

    static Set<String> kinds(Report r) {
        return Set.copyOf(r.findings().stream().map(Finding::kind).toList());
    }
}
