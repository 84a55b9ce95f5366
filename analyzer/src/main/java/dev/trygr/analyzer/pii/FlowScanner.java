package dev.trygr.analyzer.pii;

import dev.trygr.capture.FlowDetail;

import java.util.ArrayList;
import java.util.List;

/** Runs every detector over every segment of one request and returns what they found. */
final class FlowScanner {
    private final KnownValueMatcher known;
    private final LocationFinder location;
    private final List<Hit> hits = new ArrayList<>();
    private final RequestParts parts = new RequestParts(this::segment);

    FlowScanner(KnownValueMatcher known, LocationFinder location) {
        this.known = known;
        this.location = location;
    }

    List<Hit> scan(FlowDetail flow, WsMessages messages) {
        hits.clear();
        parts.walk(flow, messages);
        location.finish(hits);
        return List.copyOf(hits);
    }

    private void segment(Segment s) {
        if (s.text().isEmpty()) {
            return;
        }
        List<int[]> markers = Markers.spans(s.text());
        known.match(s, markers, hits);
        KeyNameFinder.find(s, hits);
        PatternFinder.find(s, markers, hits);
        location.segment(s, markers, hits);
    }
}
