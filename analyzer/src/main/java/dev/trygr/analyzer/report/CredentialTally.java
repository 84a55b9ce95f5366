package dev.trygr.analyzer.report;

import dev.trygr.capture.FlowBody;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.TokenEventRow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Section 4's counters: per-client token timelines (from {@code token_events}, plus the push registrations the
 * push tally resolves to clients), and every credential marker seen in requests: which kind went to which host,
 * and whether that host may have it ({@link TokenOrigins}). Raises the credential findings as it goes.
 */
final class CredentialTally {
    private static final int MAX_AGENTS = 5;
    private static final String RING_OAUTH = "oauth.ring.com";
    /** Secrets the user types rather than a server issues, by marker kind. */
    private static final Map<String, String> USER_SECRETS = Map.of("password", "the account's password",
            "2fa-code", "a 2FA code", "basic", "a user name and password (Basic auth)");

    private static final class Timeline {
        final String client;
        final boolean byHardwareId;
        final Set<String> agents = new LinkedHashSet<>();
        final List<Credentials.Event> events = new ArrayList<>();
        long logins;
        long rotations;
        long refused;
        long stale;
        long invalid;
        long push;
        long notShown;

        Timeline(String client, boolean byHardwareId) {
            this.client = client;
            this.byHardwareId = byHardwareId;
        }
    }

    private static final class Recipient {
        final String kind;
        final String host;
        final String where;
        final String field;
        String tokenClass;
        String issuer;
        Boolean expected;
        long count;
        final long firstFlow;
        final long firstAt;

        Recipient(String kind, String host, String where, String field, long firstFlow, long firstAt) {
            this.kind = kind;
            this.host = host;
            this.where = where;
            this.field = field;
            this.firstFlow = firstFlow;
            this.firstAt = firstAt;
        }
    }

    private final ReportLimits limits;
    private final DomainCatalog catalog;
    private final FindingsLog findings;
    private final TokenOrigins origins;
    private final Map<String, Timeline> timelines = new LinkedHashMap<>();
    private final Map<String, Recipient> recipients = new LinkedHashMap<>();
    private boolean recipientsCapped;

    CredentialTally(ReportLimits limits, DomainCatalog catalog, FindingsLog findings) {
        this.limits = limits;
        this.catalog = catalog;
        this.findings = findings;
        this.origins = new TokenOrigins(limits.tokens(), catalog);
    }

    TokenOrigins origins() {
        return origins;
    }

    static String clientOf(String hardwareId, String address, String userAgent) {
        if (hardwareId != null && !hardwareId.isBlank()) {
            return hardwareId;
        }
        String who = address == null ? "unknown client" : address;
        return userAgent == null ? who : who + " (" + Excerpts.cut(userAgent) + ")";
    }

    /** One {@code token_events} row. */
    void tokenEvent(TokenEventRow t) {
        String client = clientOf(t.hardwareId(), t.clientAddress(), t.userAgent());
        Timeline line = timeline(client, t.hardwareId() != null);
        if (line != null && t.userAgent() != null && line.agents.size() < MAX_AGENTS) {
            line.agents.add(Excerpts.cut(t.userAgent()));
        }
        origins.classify(Markers.prefix(t.issuedAccess()), "Ring access token", client);
        origins.classify(Markers.prefix(t.issuedRefresh()), "Ring refresh token", client);
        if ("grant".equals(t.kind())) {   // grants are POST oauth.ring.com/oauth/token (docs/schema.md)
            for (String issued : new String[] {t.issuedAccess(), t.issuedRefresh()}) {
                if (issued != null) {
                    origins.issued(Markers.prefix(issued), RING_OAUTH);
                }
            }
        }
        String kind = eventKind(t);
        if (kind == null) {
            return;
        }
        String token = Markers.prefix(t.issuedRefresh() != null ? t.issuedRefresh() : t.presented());
        String detail = t.message() != null ? t.message()
                : (t.grant() != null ? t.grant() + " grant" : t.kind())
                + (t.status() != null ? ", HTTP " + t.status() : "") + (t.outcome() != null ? ", " + t.outcome() : "");
        if (line != null) {
            switch (kind) {
                case "login" -> line.logins++;
                case "rotation" -> line.rotations++;
                case "login_refused", "refresh_refused" -> line.refused++;
                case "stale_reuse" -> line.stale++;
                case "invalid_grant" -> line.invalid++;
                default -> { }
            }
            add(line, new Credentials.Event(t.at(), kind, t.flowId(), token, Excerpts.cut(detail)));
        }
        if (t.message() != null) {
            finding(t, client, kind);
        }
    }

    private static String eventKind(TokenEventRow t) {
        switch (t.kind()) {
            case "grant":
                boolean refresh = "refresh_token".equals(t.grant());
                if ("ok".equals(t.outcome())) {
                    return refresh ? "rotation" : "login";
                }
                if ("2fa_required".equals(t.outcome())) {
                    return "login_2fa_required";
                }
                return refresh ? "refresh_refused" : "login_refused";
            case "ring_session", "stale_reuse", "invalid_grant", "repeated_password_login",
                 "access_token_expired_use":
                return t.kind();
            default:
                return null;   // access_token_used: the first use of each access token, not shown
        }
    }

    private void finding(TokenEventRow t, String client, String kind) {
        Severity severity;
        String title;
        String detail;
        switch (kind) {
            case "stale_reuse" -> {
                severity = Severity.MEDIUM;
                title = "A stale refresh token was presented again";
                detail = "Ring's refresh tokens are single-use: a client that presents one again (restarted from an old "
                        + "config, or two processes sharing one token) gets refused or loses its push registration.";
            }
            case "invalid_grant" -> {
                severity = Severity.MEDIUM;
                title = "Ring refused a refresh token (invalid_grant)";
                detail = "ring-client-api throws its token away on this answer: the client needs a new login.";
            }
            case "repeated_password_login" -> {
                severity = Severity.LOW;
                title = "The same client logged in with its password again";
                detail = "Each password login makes a new authorised client device in Ring's Control Center.";
            }
            default -> {
                severity = Severity.LOW;
                title = "An access token was used after it expired";
                detail = "The client kept an expired access token; Ring answers 401 and the client must refresh.";
            }
        }
        findings.draft(kind, client, severity, "credentials", title, detail, null, client)
                .add(new Evidence(t.flowId(), t.at(), null, "token_event", t.kind(), Excerpts.sentence(t.message())));
    }

    /** A push registration event on a client's timeline (resolved to the client by the push tally). */
    void pushEvent(String client, boolean byHardwareId, Credentials.Event event) {
        Timeline line = timeline(client, byHardwareId);
        if (line != null) {
            line.push++;
            add(line, event);
        }
    }

    private Timeline timeline(String client, boolean byHardwareId) {
        Timeline t = timelines.get(client);
        if (t == null && timelines.size() < limits.clients()) {
            t = new Timeline(client, byHardwareId);
            timelines.put(client, t);
        }
        return t;
    }

    private void add(Timeline line, Credentials.Event e) {
        if (line.events.size() < limits.timelineEvents()) {
            line.events.add(e);
        } else {
            line.notShown++;
        }
    }

    /** The credential markers of one request (headers and target). Returns whether it carried any credential. */
    boolean flow(String host, FlowSummary f, List<Header> request, String target) {
        boolean any = false;
        for (Header h : request) {
            for (Markers.Marker m : Markers.in(h.value())) {
                String name = h.name().toLowerCase(Locale.ROOT);
                sent(m, host, name.equals("cookie") ? "cookie" : "header", name, f,
                        Excerpts.header(h.name(), h.value()));
                any = true;
            }
        }
        for (Markers.Marker m : Markers.in(target)) {
            String field = queryField(target, m.text());
            sent(m, host, "url", field, f, Excerpts.target(f.method(), target));
            any = true;
            boolean plain = "http".equalsIgnoreCase(f.scheme());
            findings.draft("token_in_url", host + '\u0000' + m.kind(), plain ? Severity.HIGH : Severity.MEDIUM,
                    "credentials", "A credential (" + m.kind() + ") was sent in a URL to " + host,
                    "URLs end up in server, proxy and CDN logs and in browser history; a token in a URL outlives the "
                            + "request." + (plain ? " This one also travelled over plain HTTP." : ""), host, null)
                    .add(new Evidence(f.id(), f.startedMicros(), host, "url", field,
                            Excerpts.target(f.method(), target)));
        }
        return any;
    }

    private static String queryField(String target, String marker) {
        int q = target.indexOf('?');
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.indexOf(marker, eq) > 0) {
                    return "query." + PathTemplate.segment(pair.substring(0, eq));
                }
            }
        }
        return "path";
    }

    /** A stored body in which the recorder replaced secrets: responses issue tokens, requests send them. */
    void body(FlowBody b) {
        String host = HostTally.normalise(b.host());
        String text = new String(b.body().data(), StandardCharsets.ISO_8859_1);
        boolean response = "response".equals(b.body().direction());
        for (Markers.Marker m : Markers.in(text)) {
            if (response) {
                origins.issued(m.prefix(), host);
            } else {
                sent(m, host, "body", m.kind(), m.kind() + ": " + m.text(), b.flowId(), b.startedMicros());
            }
        }
    }

    private void sent(Markers.Marker m, String host, String where, String field, FlowSummary f, String excerpt) {
        sent(m, host, where, field, excerpt, f.id(), f.startedMicros());
    }

    private void sent(Markers.Marker m, String host, String where, String field, String excerpt, long flowId,
                      long at) {
        TokenOrigins.Origin origin = origins.get(m.prefix());
        TokenOrigins.Verdict verdict = origins.verdict(origin, host, m.kind());
        String key = m.kind() + '\u0000' + host + '\u0000' + where + '\u0000' + field;
        Recipient r = recipients.get(key);
        if (r == null) {
            if (recipients.size() >= limits.tokenRecipients()) {
                recipientsCapped = true;
            } else {
                r = new Recipient(m.kind(), host, where, field, flowId, at);
                recipients.put(key, r);
            }
        }
        if (r != null) {
            r.count++;
            if (origin != null) {
                r.tokenClass = r.tokenClass != null ? r.tokenClass : origin.tokenClass();
                r.issuer = r.issuer != null ? r.issuer : origin.issuer();
            }
            if (verdict != TokenOrigins.Verdict.UNKNOWN) {
                boolean ok = verdict == TokenOrigins.Verdict.EXPECTED;
                r.expected = r.expected == null ? ok : r.expected && ok;
            }
        }
        if (verdict == TokenOrigins.Verdict.OTHER_OWNER || verdict == TokenOrigins.Verdict.OTHER_HOST) {
            String what = origin.tokenClass() != null ? origin.tokenClass() : m.kind() + " token";
            DomainCatalog.DomainInfo to = catalog.lookup(host);
            String whose = to.organisation() != null ? to.organisation() + ", " + to.party().label()
                    : to.party().label();
            boolean other = verdict == TokenOrigins.Verdict.OTHER_OWNER;
            findings.draft(other ? "token_to_other_party" : "refresh_token_to_other_host",
                            host + '\u0000' + what, other ? Severity.HIGH : Severity.MEDIUM, "credentials",
                            "A " + what + " issued by " + origin.issuer() + " was sent to " + host + " (" + whose + ")",
                            other ? "Whoever holds this token can act as the client at its issuer until it expires. "
                                    + "A token should only ever go back to the service that issued it."
                                    : "A refresh token should only go back to the host that issued it.",
                            host, origin.client())
                    .add(new Evidence(flowId, at, host, where, field, Excerpts.cut(excerpt)));
        }
    }

    Credentials credentials() {
        List<Credentials.ClientTimeline> clients = new ArrayList<>();
        for (Timeline t : timelines.values()) {
            List<Credentials.Event> events = new ArrayList<>(t.events);
            events.sort(Comparator.comparingLong(Credentials.Event::atMicros));
            clients.add(new Credentials.ClientTimeline(t.client, t.byHardwareId, List.copyOf(t.agents), t.logins,
                    t.rotations, t.refused, t.stale, t.invalid, t.push, events, t.notShown));
        }
        clients.sort(Comparator.comparing((Credentials.ClientTimeline c) -> c.events().isEmpty() ? Long.MAX_VALUE
                : c.events().get(0).atMicros()));
        List<Credentials.Recipient> out = new ArrayList<>();
        for (Recipient r : recipients.values()) {
            DomainCatalog.DomainInfo info = catalog.lookup(r.host);
            String tokenClass = r.tokenClass != null ? r.tokenClass : USER_SECRETS.get(r.kind);
            out.add(new Credentials.Recipient(r.kind, tokenClass, r.issuer, r.host, info.organisation(),
                    info.party(), r.where, r.field, r.count, r.expected, r.firstFlow, r.firstAt));
        }
        out.sort(Comparator.comparing((Credentials.Recipient r) -> r.expected() == null ? 1 : r.expected() ? 2 : 0)
                .thenComparing(Credentials.Recipient::host).thenComparing(Credentials.Recipient::kind));
        return new Credentials(clients, out, recipientsCapped);
    }
}
