package dev.trygr.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * trygr's curated domain list ({@code domains.json} next to this class): the longest listed suffix of a host names
 * its organisation, party and category. Loopback, private and link-local addresses and {@code .local} names are
 * {@link Party#LOCAL}; anything else not listed is {@link Party#UNKNOWN}. Immutable and thread-safe.
 */
public final class DomainCatalog {
    private static final String RESOURCE = "/dev/trygr/analyzer/domains.json";
    private static final DomainCatalog BUILT_IN = load();

    /**
     * What the list says about one host.
     *
     * @param organisation  who runs it, null when unknown
     * @param owner         the corporate group it belongs to ({@code Amazon} for Ring), null when unknown
     * @param category      the category id ({@code analytics}, {@code push_messaging}, …), null when unknown
     * @param categoryLabel the category for people, null when unknown
     * @param domain        the listed suffix that matched, null when none did
     * @param source        the id of the source the entry rests on (see {@link #sources()}), null when none
     */
    public record DomainInfo(String organisation, String owner, Party party, String category, String categoryLabel,
                             String domain, String source) {
        static final DomainInfo UNKNOWN = new DomainInfo(null, null, Party.UNKNOWN, null, null, null, null);
        static final DomainInfo LOCAL = new DomainInfo("local network", null, Party.LOCAL, "local", "this network",
                null, null);
    }

    /** A source the list rests on: its id and what it is. */
    public record Source(String id, String description) {
    }

    private final Map<String, DomainInfo> bySuffix;
    private final List<Source> sources;
    private final String about;

    private DomainCatalog(Map<String, DomainInfo> bySuffix, List<Source> sources, String about) {
        this.bySuffix = Map.copyOf(bySuffix);
        this.sources = List.copyOf(sources);
        this.about = about;
    }

    /** The list shipped with trygr. */
    public static DomainCatalog builtIn() {
        return BUILT_IN;
    }

    /** What the list says about {@code host} (a name or an IP literal; case and a trailing dot do not matter). */
    public DomainInfo lookup(String host) {
        if (host == null || host.isBlank()) {
            return DomainInfo.UNKNOWN;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (isLocal(h)) {
            return DomainInfo.LOCAL;
        }
        for (String suffix = h; ; ) {
            DomainInfo info = bySuffix.get(suffix);
            if (info != null) {
                return info;
            }
            int dot = suffix.indexOf('.');
            if (dot < 0) {
                return DomainInfo.UNKNOWN;
            }
            suffix = suffix.substring(dot + 1);
        }
    }

    /** The sources the entries rest on, as listed in the file. */
    public List<Source> sources() {
        return sources;
    }

    /** What the list is and what it was written from. */
    public String about() {
        return about;
    }

    /** Loopback, private (RFC 1918, ULA), link-local, {@code localhost} and {@code .local}. */
    static boolean isLocal(String h) {
        if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.equals("::1")) {
            return true;
        }
        if (h.contains(":")) {   // IPv6 literal
            return h.startsWith("fe80:") || h.startsWith("fc") || h.startsWith("fd");
        }
        String[] parts = h.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return false;
            }
            octets[i] = Integer.parseInt(parts[i]);
        }
        return octets[0] == 127 || octets[0] == 10 || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
                || (octets[0] == 192 && octets[1] == 168) || (octets[0] == 169 && octets[1] == 254);
    }

    private static DomainCatalog load() {
        try (InputStream in = DomainCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("domain list missing from the jar: " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the domain list " + RESOURCE, e);
        }
    }

    static DomainCatalog parse(JsonNode root) {
        Map<String, String> categories = new HashMap<>();
        root.path("categories").fields().forEachRemaining(e -> categories.put(e.getKey(), e.getValue().asText()));
        List<Source> sources = new ArrayList<>();
        root.path("sources").fields().forEachRemaining(e -> sources.add(new Source(e.getKey(), e.getValue().asText())));
        Map<String, DomainInfo> bySuffix = new LinkedHashMap<>();
        for (JsonNode d : root.path("domains")) {
            String domain = d.path("domain").asText().toLowerCase(Locale.ROOT);
            String category = d.path("category").asText();
            if (!categories.containsKey(category)) {
                throw new IllegalStateException("domain list: " + domain + " has an undefined category " + category);
            }
            String organisation = d.path("organisation").asText();
            DomainInfo info = new DomainInfo(organisation, d.path("owner").asText(organisation),
                    Party.fromId(d.path("party").asText()), category, categories.get(category), domain,
                    d.path("source").asText(null));
            if (bySuffix.put(domain, info) != null) {
                throw new IllegalStateException("domain list: " + domain + " is listed twice");
            }
        }
        return new DomainCatalog(bySuffix, sources, root.path("about").asText());
    }
}
