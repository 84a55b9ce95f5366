package dev.trygr.analyzer.tokens;

import dev.trygr.capture.SessionRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sessions that were read, and whether any of them overlapped another session of the same file. */
final class SessionSpans {
    private SessionSpans() {
    }

    /**
     * @param all      every session of the file
     * @param selected the session read, or null for all
     * @param times    first and last event time per session, for sessions that did not end cleanly
     */
    static List<SessionSpan> of(List<SessionRow> all, Long selected, Map<Long, long[]> times) {
        List<SessionSpan> out = new ArrayList<>();
        for (SessionRow s : all) {
            if (selected != null && s.id() != selected) {
                continue;
            }
            boolean overlaps = false;
            for (SessionRow other : all) {
                if (other.id() != s.id() && s.startedMicros() < end(other, times)
                        && other.startedMicros() < end(s, times)) {
                    overlaps = true;
                }
            }
            out.add(new SessionSpan(s.id(), s.startedMicros(), s.endedMicros(), s.version(), overlaps));
        }
        return out;
    }

    static List<String> notes(List<SessionSpan> spans) {
        List<String> notes = new ArrayList<>();
        List<Long> overlapping = spans.stream().filter(SessionSpan::overlaps).map(SessionSpan::id).toList();
        if (!overlapping.isEmpty()) {
            notes.add("session" + (overlapping.size() == 1 ? " " : "s ") + join(overlapping)
                    + " ran at the same time as another session of this file (two proxies on one capture): their"
                    + " rows interleave, so chains were rebuilt from the grants in time order.");
        }
        return notes;
    }

    private static long end(SessionRow s, Map<Long, long[]> times) {
        if (s.endedMicros() != null) {
            return s.endedMicros();
        }
        long[] t = times.get(s.id());
        return t != null ? Math.max(t[1], s.startedMicros()) + 1 : Long.MAX_VALUE; // unknown end: still running
    }

    private static String join(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i == 0 ? "" : i == ids.size() - 1 ? " and " : ", ").append(ids.get(i));
        }
        return sb.toString();
    }
}
