package dev.trygr.analyzer.report;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where each credential came from, by the 12-hex fingerprint prefix its markers carry: the host that issued it (a
 * response that carried it, e.g. {@code oauth.ring.com} answering a grant, or a {@code Set-Cookie}) and what it is
 * (from {@code token_events} and {@code fcm_events}). Decides whether a destination may receive a token:
 *
 * <ul>
 *   <li>refresh tokens belong to their issuing host only;</li>
 *   <li>other tokens may go to any host of the issuer's owner (a Ring access token from {@code oauth.ring.com} to
 *       {@code api.ring.com}); when either owner is unknown, the registrable domain (last two labels) must match;</li>
 *   <li>a token issued by a push service (an FCM token) may also go to the first party: the app's cloud needs it to
 *       push.</li>
 * </ul>
 */
final class TokenOrigins {

    /** What a token is and who issued it; either may be null. */
    record Origin(String tokenClass, String issuer, String client) {
    }

    /** Whether a destination may receive a token. */
    enum Verdict {
        /** The issuer, or a host of the issuer's owner. */
        EXPECTED,
        /** A refresh token sent to another host of the issuer's owner. */
        OTHER_HOST,
        /** A host of another owner. */
        OTHER_OWNER,
        /** The issuer is not known. */
        UNKNOWN
    }

    private final Map<String, Origin> byPrefix = new HashMap<>();
    private final int max;
    private final DomainCatalog catalog;
    private final Map<String, DomainCatalog.DomainInfo> lookups = new HashMap<>();
    private boolean capped;

    TokenOrigins(int max, DomainCatalog catalog) {
        this.max = max;
        this.catalog = catalog;
    }

    /** A response from {@code host} carried the token: its issuer, unless an earlier response already was. */
    void issued(String prefix, String host) {
        Origin o = byPrefix.get(prefix);
        if (o == null) {
            put(prefix, new Origin(null, host, null));
        } else if (o.issuer() == null) {
            byPrefix.put(prefix, new Origin(o.tokenClass(), host, o.client()));
        }
    }

    /** What the token is ({@code Ring access token}, {@code FCM token}…) and whose it is. */
    void classify(String prefix, String tokenClass, String client) {
        if (prefix == null) {
            return;
        }
        Origin o = byPrefix.get(prefix);
        if (o == null) {
            put(prefix, new Origin(tokenClass, null, client));
        } else if (o.tokenClass() == null) {
            byPrefix.put(prefix, new Origin(tokenClass, o.issuer(), client != null ? client : o.client()));
        }
    }

    private void put(String prefix, Origin o) {
        if (byPrefix.size() < max) {
            byPrefix.put(prefix, o);
        } else {
            capped = true;
        }
    }

    Origin get(String prefix) {
        return byPrefix.get(prefix);
    }

    boolean capped() {
        return capped;
    }

    /** May {@code host} receive the token of {@code origin}, of marker kind {@code kind}? */
    Verdict verdict(Origin origin, String host, String kind) {
        if (origin == null || origin.issuer() == null) {
            return Verdict.UNKNOWN;
        }
        String issuer = origin.issuer();
        if (issuer.equalsIgnoreCase(host)) {
            return Verdict.EXPECTED;
        }
        DomainCatalog.DomainInfo from = lookup(issuer);
        DomainCatalog.DomainInfo to = lookup(host);
        boolean sameOwner = from.owner() != null && to.owner() != null ? from.owner().equals(to.owner())
                : registrable(issuer).equals(registrable(host));
        boolean refresh = kind.toLowerCase(Locale.ROOT).contains("refresh")
                || (origin.tokenClass() != null && origin.tokenClass().toLowerCase(Locale.ROOT).contains("refresh"));
        if (sameOwner) {
            return refresh ? Verdict.OTHER_HOST : Verdict.EXPECTED;
        }
        if ("push_messaging".equals(from.category()) && to.party() == Party.FIRST_PARTY) {
            return Verdict.EXPECTED;
        }
        return Verdict.OTHER_OWNER;
    }

    private DomainCatalog.DomainInfo lookup(String host) {
        DomainCatalog.DomainInfo info = lookups.get(host);
        if (info == null) {
            info = catalog.lookup(host);
            if (lookups.size() < 10_000) {
                lookups.put(host, info);
            }
        }
        return info;
    }

    /** The last two labels of a name (a rough registrable domain; exact for the names that matter here). */
    static String registrable(String host) {
        String h = Objects.requireNonNullElse(host, "").toLowerCase(Locale.ROOT);
        int last = h.lastIndexOf('.');
        if (last <= 0) {
            return h;
        }
        int before = h.lastIndexOf('.', last - 1);
        return before < 0 ? h : h.substring(before + 1);
    }
}
