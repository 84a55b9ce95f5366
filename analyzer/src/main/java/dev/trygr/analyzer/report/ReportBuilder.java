package dev.trygr.analyzer.report;

import dev.trygr.analyzer.pii.PersonalDataFindings;
import dev.trygr.analyzer.pii.PersonalDataOptions;
import dev.trygr.analyzer.pii.PersonalDataScan;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowHead;
import dev.trygr.capture.FlowSpan;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.LossRow;
import dev.trygr.capture.SessionRow;
import dev.trygr.capture.secrets.Redactor;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link Report} from a capture in a few streaming passes, each over one table (DNS queries, connections,
 * token and FCM events, bodies that held secrets, flows, push messages), plus the personal-data scan and a few
 * sampled bodies per endpoint. Only counters and capped lists are kept ({@link ReportLimits}), so memory does not
 * grow with the capture.
 *
 * <pre>{@code
 * try (CaptureReader reader = CaptureReader.open(file)) {
 *     Report report = ReportBuilder.build(reader, ReportOptions.defaults("trygr 0.1.0"), ReportProgress.NONE);
 * }
 * }</pre>
 */
public final class ReportBuilder {
    private static final int PROGRESS_EVERY = 2_000;

    private final CaptureReader reader;
    private final ReportOptions options;
    private final ReportProgress progress;
    private final ReportLimits limits;
    private final DomainCatalog catalog = DomainCatalog.builtIn();
    private final Long session;

    private ReportBuilder(CaptureReader reader, ReportOptions options, ReportProgress progress) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = progress == null ? ReportProgress.NONE : progress;
        this.limits = options.limits();
        this.session = options.session();
    }

    /**
     * @throws IllegalArgumentException when {@link ReportOptions#session()} names no session of the capture, or
     *                                  the {@code --pii-file} has a malformed line
     */
    public static Report build(CaptureReader reader, ReportOptions options, ReportProgress progress) {
        return new ReportBuilder(reader, options, progress).build();
    }

    private Report build() {
        List<SessionRow> sessions = reader.sessions().stream()
                .filter(s -> session == null || s.id() == session).toList();
        if (session != null && sessions.isEmpty()) {
            throw new IllegalArgumentException("the capture has no session " + session);
        }
        Set<Long> rawSecrets = new HashSet<>();
        sessions.stream().filter(SessionRow::storeSecrets).forEach(s -> rawSecrets.add(s.id()));
        Redactor redactor = rawSecrets.isEmpty() ? null : new Redactor(reader.secretKey());

        FlowSpan span = reader.flowSpan(session);
        TimeAxis axis = span.flows() > 0 ? TimeAxis.over(span.firstMicros(), span.lastMicros())
                : TimeAxis.over(sessions.isEmpty() ? null : sessions.get(0).startedMicros(),
                        sessions.isEmpty() ? null : sessions.get(sessions.size() - 1).endedMicros());
        ReportAssembly a = new ReportAssembly(options, catalog, axis, sessions);

        long[] n = {0};
        stage("dns", -1);
        reader.forEachDnsQuery(session, q -> {
            a.dns.query(q);
            a.clients.dnsQuery(q.clientAddress(), q.atMicros());
            a.window(q.atMicros());
            tick("dns", ++n[0], -1);
        });
        n[0] = 0;
        stage("connections", -1);
        reader.forEachConnection(session, c -> {
            a.hosts.connection(c);
            a.security.connection(c);
            a.push.connection(c);
            a.clients.connection(c.clientAddress(), c.openedMicros());
            a.connection(c);
            tick("connections", ++n[0], -1);
        });
        stage("tokens", -1);
        reader.forEachTokenEvent(session, t -> {
            a.credentials.tokenEvent(t);
            a.tokenEvents++;
        });
        reader.forEachFcmEvent(session, r -> {
            a.push.fcmEvent(r, a.credentials.origins());
            a.fcmEvents++;
        });
        a.push.resolve(a.credentials);

        PersonalDataFindings pii = null;
        if (options.personalData()) {
            pii = PersonalDataScan.scan(reader, new PersonalDataOptions(session, options.piiFile()),
                    (stage, done, total) -> progress.progress(stage, done, total));
        }
        a.personal(new PersonalDataTally(pii, catalog));

        n[0] = 0;
        stage("credentials", -1);
        reader.forEachBodyWithSecrets(session, b -> {
            a.credentials.body(b);
            tick("credentials", ++n[0], -1);
        });

        n[0] = 0;
        stage("flows", span.flows());
        reader.forEachFlowHead(session, h -> {
            flow(a, h, rawSecrets, redactor);
            tick("flows", ++n[0], span.flows());
        });
        progress.progress("flows", span.flows(), span.flows());

        List<Long> samples = a.endpoints.sampleFlowIds();
        n[0] = 0;
        stage("bodies", samples.size());
        for (Long id : samples) {
            reader.flow(id).ifPresent(a.endpoints::sampled);
            tick("bodies", ++n[0], samples.size());
        }

        n[0] = 0;
        stage("push", -1);
        reader.forEachPushMessage(session, m -> {
            String client = a.push.clientOfConnection(m.connectionId());
            a.push.message(client);
            a.messages.message(m, client);
            a.window(m.at());
            tick("push", ++n[0], -1);
        });

        for (LossRow loss : reader.losses()) {
            if (session == null || Objects.equals(loss.sessionId(), session)) {
                a.loss(loss);
            }
        }
        return a.report(reader.file().getFileName().toString(), reader.schemaVersion());
    }

    private void flow(ReportAssembly a, FlowHead h, Set<Long> rawSecrets, Redactor redactor) {
        FlowSummary f = h.summary();
        List<Header> request = h.requestHeaders();
        String target = f.target();
        if (redactor != null && rawSecrets.contains(f.sessionId())) {
            request = redactor.headers(request).value();
            target = target == null ? null : redactor.target(target).value();
        }
        String host = HostTally.normalise(f.host());
        a.clients.flow(f.clientAddress(), Redactor.headerValue(request, "hardware_id"),
                Redactor.headerValue(request, "user-agent"), f.startedMicros());
        boolean credentials = a.credentials.flow(host, f, request, target);
        a.hosts.flow(f, credentials);
        a.endpoints.flow(host, f, h.requestBodyId() != null || h.responseBodyId() != null,
                a.personalFields(f.id()));
        a.flow(f);
    }

    private void stage(String stage, long total) {
        progress.progress(stage, 0, total);
    }

    private void tick(String stage, long done, long total) {
        if (done % PROGRESS_EVERY == 0) {
            progress.progress(stage, done, total);
        }
    }
}
