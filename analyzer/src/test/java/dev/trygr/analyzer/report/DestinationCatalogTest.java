package dev.trygr.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trygr's domain list: longest suffix wins, local addresses, and every entry names a known source. */
class DestinationCatalogTest {
    private final DomainCatalog catalog = DomainCatalog.builtIn();

    @ParameterizedTest
    @CsvSource({
        "api.ring.com, Ring (Amazon), FIRST_PARTY, ring_service",
        "OAUTH.Ring.com., Ring (Amazon), FIRST_PARTY, ring_service",
        "prd-api-us.prd.rings.solutions, Ring (Amazon), FIRST_PARTY, ring_service",
        "api.prod.signalling.ring.devices.a2z.com, Ring (Amazon), FIRST_PARTY, ring_service",
        "mtalk.google.com, Google (Firebase Cloud Messaging), PLATFORM, push_messaging",
        "fcmregistrations.googleapis.com, Google (Firebase Cloud Messaging), PLATFORM, push_messaging",
        "storage.googleapis.com, Google, PLATFORM, cloud_infrastructure",
        "firebaselogging-pa.googleapis.com, Google (Firebase), THIRD_PARTY, analytics",
        "stun.kinesisvideo.us-east-1.amazonaws.com, Amazon Web Services, PLATFORM, media_relay",
        "s3.amazonaws.com, Amazon Web Services, PLATFORM, cloud_infrastructure",
        "graph.facebook.com, Meta (Facebook), THIRD_PARTY, social",
        "api2.branch.io, Branch Metrics, THIRD_PARTY, attribution",
        "api.mixpanel.com, Mixpanel, THIRD_PARTY, analytics",
        "settings.crashlytics.com, Google (Firebase Crashlytics), THIRD_PARTY, crash_reporting",
        "aax.amazon-adsystem.com, Amazon, THIRD_PARTY, advertising",
    })
    void longestSuffixWins(String host, String organisation, Party party, String category) {
        DomainCatalog.DomainInfo info = catalog.lookup(host);
        assertEquals(organisation, info.organisation());
        assertEquals(party, info.party());
        assertEquals(category, info.category());
    }

    @Test
    void localAndUnknownHosts() {
        for (String local : new String[] {"127.0.0.1", "10.1.2.3", "192.168.1.1", "172.20.0.1", "169.254.1.1",
            "localhost", "doorbell.local", "[::1]", "fe80::1", "fd00::5"}) {
            assertEquals(Party.LOCAL, catalog.lookup(local).party(), local);
        }
        for (String unknown : new String[] {"example.org", "8.8.8.8", "172.32.0.1", "notring.com.evil", "", "com"}) {
            assertEquals(Party.UNKNOWN, catalog.lookup(unknown).party(), unknown);
            assertNull(catalog.lookup(unknown).organisation());
        }
        assertEquals(Party.UNKNOWN, catalog.lookup(null).party());
        assertEquals("Amazon", catalog.lookup("api.ring.com").owner());
        assertEquals("Google", catalog.lookup("mtalk.google.com").owner());
    }

    @Test
    void everyEntryRestsOnAListedSourceAndNoListIsNonCommercial() throws Exception {
        JsonNode root;
        try (InputStream in = DomainCatalog.class.getResourceAsStream("/dev/trygr/analyzer/domains.json")) {
            root = new ObjectMapper().readTree(in);
        }
        Set<String> sources = new HashSet<>();
        root.path("sources").fieldNames().forEachRemaining(sources::add);
        assertFalse(sources.isEmpty());
        Set<String> domains = new HashSet<>();
        for (JsonNode d : root.path("domains")) {
            String domain = d.path("domain").asText();
            assertTrue(domains.add(domain), "listed twice: " + domain);
            assertTrue(sources.contains(d.path("source").asText()), domain + " names an unknown source");
            assertTrue(d.hasNonNull("organisation") && d.hasNonNull("owner") && d.hasNonNull("party"), domain);
        }
        assertEquals("Apache-2.0, like the rest of trygr", root.path("licence").asText());
        assertEquals(catalog.sources().size(), sources.size());
    }
}
