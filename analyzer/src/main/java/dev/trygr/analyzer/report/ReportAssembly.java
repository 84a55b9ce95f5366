package dev.trygr.analyzer.report;

import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.LossRow;
import dev.trygr.capture.SessionRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tallies of one report while the passes run, and how they become the report: destinations, security and
 * activity from the host tally, the summary from everything, and the findings those sections raise.
 */
final class ReportAssembly {
    private static final Map<String, String> LOSS_MEANINGS = Map.of(
            "flow_dropped", "whole HTTP exchanges lost (the recorder's queue was full)",
            "connection_event_dropped", "connection open/close records lost",
            "ws_message_dropped", "WebSocket messages lost",
            "dns_query_dropped", "DNS query records lost",
            "push_message_dropped", "push messages lost",
            "push_channel_event_dropped", "push channel notes lost",
            "body_bytes_dropped", "bodies kept without their bytes (the queue was past its high-water mark)",
            "body_withheld_possible_secret", "bodies not stored on purpose: they may hold a secret that could not "
                    + "be scanned (FCM checkin is binary protobuf)",
            "recognizer_failed", "flows the Ring/FCM recognizers failed on (their token rows are missing)",
            "write_failed", "events that could not be written");

    final ReportOptions options;
    final ReportLimits limits;
    final DomainCatalog catalog;
    final TimeAxis axis;
    final List<SessionRow> sessions;
    final FindingsLog findings;
    final HostTally hosts;
    final ClientTally clients;
    final DnsTally dns;
    final SecurityTally security;
    final CredentialTally credentials;
    final PushTally push;
    final PushMessages messages;
    final EndpointTally endpoints;
    private PersonalDataTally personal;
    private final Map<String, Long> losses = new TreeMap<>();
    private Long first;
    private Long last;
    private long flows;
    private long connections;
    private long wireUp;
    private long wireDown;
    private long bodyUp;
    private long bodyDown;
    long tokenEvents;
    long fcmEvents;

    ReportAssembly(ReportOptions options, DomainCatalog catalog, TimeAxis axis, List<SessionRow> sessions) {
        this.options = options;
        this.limits = options.limits();
        this.catalog = catalog;
        this.axis = axis;
        this.sessions = sessions;
        this.findings = new FindingsLog(limits);
        this.hosts = new HostTally(limits.hosts(), axis);
        this.clients = new ClientTally(limits.clients());
        this.dns = new DnsTally(limits.dnsNames());
        this.security = new SecurityTally(limits.hosts());
        this.credentials = new CredentialTally(limits, catalog, findings);
        this.push = new PushTally(limits, findings);
        this.messages = new PushMessages(limits, axis);
        this.endpoints = new EndpointTally(limits);
    }

    void personal(PersonalDataTally tally) {
        this.personal = tally;
    }

    List<String> personalFields(long flowId) {
        return personal.fieldsOf(flowId);
    }

    void window(Long at) {
        if (at != null) {
            first = first == null ? at : Math.min(first, at);
            last = last == null ? at : Math.max(last, at);
        }
    }

    void connection(ConnectionRow c) {
        connections++;
        wireUp += c.bytesFromClient();
        wireDown += c.bytesToClient();
        window(c.openedMicros());
        window(c.closedMicros());
    }

    void flow(FlowSummary f) {
        flows++;
        bodyUp += f.requestBytes();
        bodyDown += f.responseBytes();
        window(f.startedMicros());
    }

    void loss(LossRow row) {
        losses.merge(row.kind(), row.count(), Long::sum);
    }

    Report report(String captureFile, int schemaVersion) {
        for (String name : dns.names()) {
            hosts.dnsName(name);
        }
        PersonalData personalData = personal.section(findings);
        Destinations destinations = Sections.destinations(hosts, catalog, findings);
        Security sec = Sections.security(hosts, security, catalog, findings, sessions);
        Activity activity = Sections.activity(hosts, axis, catalog);
        Credentials creds = credentials.credentials();
        PushChannel pushChannel = push.section(messages);
        Endpoints eps = endpoints.endpoints(catalog::lookup);
        Dns dnsSection = dns.section(catalog);

        List<String> notes = new ArrayList<>();
        List<Summary.Loss> lossList = new ArrayList<>();
        long dropped = 0;
        for (Map.Entry<String, Long> e : losses.entrySet()) {
            lossList.add(new Summary.Loss(e.getKey(), e.getValue(),
                    LOSS_MEANINGS.getOrDefault(e.getKey(), "lost by the recorder")));
            if (!e.getKey().equals("body_withheld_possible_secret")) {
                dropped += e.getValue();
            }
        }
        if (dropped > 0) {
            findings.draft("recorder_losses", "", Severity.MEDIUM, "summary",
                    "The recorder dropped data: this report is incomplete",
                    "The proxy never waits for the disk; under load it drops body bytes first, then whole events, "
                            + "and counts every drop. See the losses table.", null, null).count(dropped);
        }
        List<Long> insecure = sessions.stream().filter(SessionRow::upstreamInsecure).map(SessionRow::id).toList();
        for (Long id : insecure) {
            findings.draft("upstream_insecure", String.valueOf(id), Severity.MEDIUM, "summary",
                    "Session " + id + " did not verify upstream certificates (--upstream-insecure)",
                    "Another interceptor between trygr and the cloud would have gone unnoticed; responses recorded "
                            + "in this session may not come from the real service.", null, null)
                    .add(null);
        }
        if (hosts.overflowHosts() > 0) {
            notes.add(hosts.overflowHosts() + " hosts past the first " + limits.hosts()
                    + " are added up in one row, '" + HostTally.OTHER + "'");
        }
        if (eps.notListed() > 0) {
            notes.add(eps.notListed() + " flows of endpoints past the first " + limits.endpoints()
                    + " are counted but not listed");
        }
        if (dnsSection.capped()) {
            notes.add("DNS: only the first " + limits.dnsNames() + " (client, name, type) rows are listed");
        }
        if (creds.recipientsCapped() || credentials.origins().capped()) {
            notes.add("credentials: more tokens or recipients were seen than the report keeps");
        }
        if (push.eventsNotKept() > 0) {
            notes.add(push.eventsNotKept() + " FCM events past the first 50,000 are not on the timelines");
        }
        notes.addAll(findings.notes());
        List<Finding> all = findings.findings();
        Summary summary = summary(all, lossList, insecure, personalData);
        List<DomainCatalog.Source> sources = catalog.sources();
        ReportMeta meta = new ReportMeta(options.generator(), micros(options.clock().instant()), captureFile,
                schemaVersion, options.session(), personalData.scanned(), notes, catalog.about(), sources);
        return new Report(meta, summary, all, destinations, personalData, creds, pushChannel, eps, sec, dnsSection,
                activity);
    }

    private Summary summary(List<Finding> all, List<Summary.Loss> lossList, List<Long> insecure,
                            PersonalData personalData) {
        List<Summary.Session> list = new ArrayList<>();
        for (SessionRow s : sessions) {
            list.add(new Summary.Session(s.id(), s.version(), s.startedMicros(), s.endedMicros(), s.modes(),
                    s.upstreamInsecure(), s.storeSecrets(), s.hostname()));
        }
        List<Summary.SeverityCount> bySeverity = new ArrayList<>();
        for (Severity s : Severity.values()) {
            bySeverity.add(new Summary.SeverityCount(s, all.stream().filter(f -> f.severity() == s).count()));
        }
        List<Summary.Banner> banners = new ArrayList<>();
        if (!insecure.isEmpty()) {
            banners.add(new Summary.Banner(Severity.HIGH, "Upstream verification was off",
                    "Session(s) " + insecure + " ran with --upstream-insecure: trygr did not check the cloud's "
                            + "certificates, so what was recorded may not come from the real service."));
        }
        List<Long> raw = sessions.stream().filter(SessionRow::storeSecrets).map(SessionRow::id).toList();
        if (!raw.isEmpty()) {
            banners.add(new Summary.Banner(Severity.MEDIUM, "The capture holds raw secrets",
                    "Session(s) " + raw + " ran with --store-secrets: keep the capture file private. This report "
                            + "shows none of them (they are redacted again before anything is read)."));
        }
        if (lossList.stream().anyMatch(l -> !l.kind().equals("body_withheld_possible_secret"))) {
            banners.add(new Summary.Banner(Severity.MEDIUM, "The recorder dropped data",
                    "Some traffic was not recorded (see Recorder losses): counts in this report are lower bounds."));
        }
        if (flows == 0 && connections == 0 && dns.queries() == 0) {
            banners.add(new Summary.Banner(Severity.INFO, "Nothing was recorded",
                    "The capture holds no HTTP exchange, connection or DNS query"
                            + (options.session() != null ? " in session " + options.session() : "") + "."));
        }
        if (!personalData.scanned()) {
            banners.add(new Summary.Banner(Severity.INFO, "Personal-data detection did not run",
                    "Section 3 is empty."));
        }
        Summary.Totals totals = new Summary.Totals(hosts.distinctHosts(), flows, connections, wireUp, wireDown,
                bodyUp, bodyDown, dns.queries(), messages.messages(), tokenEvents, fcmEvents);
        Long from = first;
        Long to = last;
        if (from == null) {   // nothing recorded: the sessions' own times are the window
            for (SessionRow s : sessions) {
                from = from == null ? s.startedMicros() : Math.min(from, s.startedMicros());
                long end = s.endedMicros() != null ? s.endedMicros() : s.startedMicros();
                to = to == null ? end : Math.max(to, end);
            }
        }
        return new Summary(from, to, list, clients.clients(), totals, bySeverity, lossList, banners);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
