package dev.trygr.analyzer.pii;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the personal data a capture's clients sent, and to whom. Two passes over the flows, a page at a time:
 * the first learns the account's own identifiers from Ring's responses (plus the {@code --pii-file}); the second
 * searches every request (URL, headers, cookies, decoded bodies, client WebSocket messages) for them, for fields
 * named like personal data, and for validated patterns. Memory stays bounded: a page of flows, one flow's details,
 * and findings capped per group.
 *
 * <pre>{@code
 * try (CaptureReader reader = CaptureReader.open(file)) {
 *     PersonalDataFindings found = PersonalDataScan.scan(reader, new PersonalDataOptions(null, piiFile),
 *             (stage, done, total) -> bar.update(stage, done, total));
 * }
 * }</pre>
 */
public final class PersonalDataScan {
    public static final String HARVEST = "harvest";
    public static final String SCAN = "scan";
    static final int PAGE = 500;
    static final int PROGRESS_EVERY = 250;
    private static final int SWITCHING_PROTOCOLS = 101;

    private PersonalDataScan() {
    }

    /**
     * @throws IllegalArgumentException      when the {@code --pii-file} has a malformed line
     * @throws java.io.UncheckedIOException  when the {@code --pii-file} cannot be read
     */
    public static PersonalDataFindings scan(CaptureReader reader, PersonalDataOptions options,
                                            ProgressListener progress) {
        Objects.requireNonNull(reader, "reader");
        PersonalDataOptions o = options == null ? PersonalDataOptions.ALL : options;
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        KnownValues known = new KnownValues();
        if (o.piiFile() != null) {
            PiiFile.read(o.piiFile(), known);
        }
        Harvest harvest = new Harvest(known);
        long all = pages(reader, FlowQuery.ALL, harvest::wants, summary -> reader.flow(summary.id())
                .ifPresent(detail -> harvest.read(detail, webSocket(reader, summary))), HARVEST, -1, p);
        long total = o.session() == null ? all : -1;
        KnownValueMatcher matcher = known.matcher();
        FlowScanner scanner = new FlowScanner(matcher, known.locationFinder());
        FindingCollector collector = new FindingCollector(matcher);
        // Only what was sent is searched, so one streaming pass over requests and their bodies does.
        long[] done = {0};
        p.progress(SCAN, 0, total);
        reader.forEachFlowRequest(o.session(), detail -> {
            collector.add(detail.summary(), scanner.scan(detail, webSocket(reader, detail.summary())));
            if (++done[0] % PROGRESS_EVERY == 0) {
                p.progress(SCAN, done[0], total);
            }
        });
        p.progress(SCAN, done[0], done[0]);
        return collector.result(known.summary());
    }

    /** The messages of a WebSocket upgrade flow; none for any other flow. */
    private static WsMessages webSocket(CaptureReader reader, FlowSummary summary) {
        return summary.status() == SWITCHING_PROTOCOLS ? action -> reader.forEachWsMessage(summary.id(), action)
                : WsMessages.NONE;
    }

    /** Reads the flows a page at a time (no statement stays open while details are read); returns how many. */
    private static long pages(CaptureReader reader, FlowQuery query, Predicate<FlowSummary> wanted,
                              Consumer<FlowSummary> action, String stage, long total, ProgressListener progress) {
        long done = 0;
        long after = 0;
        progress.progress(stage, 0, total);
        while (true) {
            List<FlowSummary> page = reader.flows(query.withAfterId(after).withLimit(PAGE));
            if (page.isEmpty()) {
                break;
            }
            for (FlowSummary summary : page) {
                if (wanted.test(summary)) {
                    action.accept(summary);
                }
                done++;
                if (done % PROGRESS_EVERY == 0) {
                    progress.progress(stage, done, total);
                }
            }
            after = page.get(page.size() - 1).id();
        }
        progress.progress(stage, done, done);
        return done;
    }
}
