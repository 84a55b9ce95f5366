package dev.trygr.reports.report;

import dev.trygr.analyzer.report.Activity;
import dev.trygr.analyzer.report.Credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The geometry of the report's SVG charts, computed here so the templates only place shapes: stacked bars of
 * activity per destination, bars of push messages, and the per-client token timeline. Coordinates are in the
 * SVG's own units ({@code viewBox}), rounded to a tenth.
 */
public final class Charts {
    static final int WIDTH = 1000;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final int BAR_HEIGHT = 200;
    private static final int LANE = 40;
    private static final int TIMELINE_RIGHT = 40;
    private static final double CLOSE = 9;
    private static final int TIMELINE_LEFT = 230;
    private static final int SERIES_CLASSES = 9;
    static final int MAX_LANES = 40;

    /** A bar chart: rectangles, axis ticks and a legend. {@code empty} when there is nothing to draw. */
    public record BarChart(int width, int height, int left, int top, int plotWidth, int plotHeight, List<Rect> rects,
                           List<Tick> xTicks, List<Tick> yTicks, List<Legend> legend, boolean empty) {
    }

    /** One rectangle; {@code cls} picks its colour, {@code title} is its tooltip. */
    public record Rect(double x, double y, double w, double h, String cls, String title) {
    }

    public record Tick(double pos, String label) {
    }

    public record Legend(String cls, String label) {
    }

    /** The token timeline: one lane per client (the first {@link #MAX_LANES}), one mark per event. */
    public record Timeline(int width, int height, int left, int plotWidth, List<Lane> lanes, List<Mark> marks,
                           List<Tick> xTicks, List<Legend> legend, int clientsNotShown, boolean empty) {
    }

    public record Lane(double y, String label, String title) {
    }

    /**
     * One event. {@code shape}: {@code circle}, {@code diamond}, {@code triangle}, {@code square}, {@code cross};
     * {@code points} holds a triangle's corners.
     */
    public record Mark(double x, double y, String kind, String shape, String cls, String points, String title) {
    }

    /** Shape and class per timeline event kind, and its legend text. */
    private record Style(String shape, String cls, String legend) {
    }

    private static final Map<String, Style> STYLES = Map.ofEntries(
            Map.entry("login", new Style("circle", "k-login", "password login")),
            Map.entry("login_2fa_required", new Style("circle", "k-minor", "2FA asked")),
            Map.entry("login_refused", new Style("square", "k-bad", "grant refused")),
            Map.entry("rotation", new Style("circle", "k-rotation", "refresh-token rotation")),
            Map.entry("refresh_refused", new Style("square", "k-bad", "grant refused")),
            Map.entry("stale_reuse", new Style("triangle", "k-warn", "stale token reused")),
            Map.entry("invalid_grant", new Style("cross", "k-bad", "invalid_grant")),
            Map.entry("repeated_password_login", new Style("triangle", "k-warn", "repeated login")),
            Map.entry("access_token_expired_use", new Style("triangle", "k-minor", "expired access token used")),
            Map.entry("ring_session", new Style("square", "k-minor", "Ring session")),
            Map.entry("fcm_registration", new Style("diamond", "k-push", "FCM registration")),
            Map.entry("push_token_to_ring", new Style("diamond", "k-pushring", "FCM token sent to Ring")),
            Map.entry("fcm_reregistered", new Style("diamond", "k-bad", "FCM re-registration")));

    private Charts() {
    }

    /** Requests (or bytes) per bucket, stacked by destination. */
    public static BarChart activity(Activity a, boolean bytes, Format fmt) {
        int n = a.buckets();
        if (n == 0 || a.series().isEmpty()) {
            return empty();
        }
        long[] totals = new long[n];
        for (Activity.Series s : a.series()) {
            List<Long> values = bytes ? s.bytesPerBucket() : s.requestsPerBucket();
            for (int i = 0; i < n; i++) {
                totals[i] += values.get(i);
            }
        }
        long max = bytes ? niceBytes(max(totals)) : niceMax(max(totals));
        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = (double) plotWidth / n;
        double barWidth = Math.max(1, slot * 0.8);
        List<Rect> rects = new ArrayList<>();
        double[] stacked = new double[n];
        List<Legend> legend = new ArrayList<>();
        for (int k = 0; k < a.series().size(); k++) {
            Activity.Series s = a.series().get(k);
            String cls = "s" + Math.min(k, SERIES_CLASSES - 1);
            legend.add(new Legend(cls, s.host()));
            List<Long> values = bytes ? s.bytesPerBucket() : s.requestsPerBucket();
            for (int i = 0; i < n; i++) {
                long v = values.get(i);
                if (v == 0) {
                    continue;
                }
                double h = BAR_HEIGHT * (double) v / max;
                double y = TOP + BAR_HEIGHT - stacked[i] - h;
                stacked[i] += h;
                String what = bytes ? fmt.bytes(v) : fmt.count(v) + (v == 1 ? " request" : " requests");
                rects.add(new Rect(r(LEFT + i * slot + (slot - barWidth) / 2), r(y), r(barWidth), r(h), cls,
                        s.host() + ": " + what + " from " + fmt.precise(a.startMicros() + i * a.bucketMicros())));
            }
        }
        return new BarChart(WIDTH, TOP + BAR_HEIGHT + BOTTOM, LEFT, TOP, plotWidth, BAR_HEIGHT, rects,
                xTicks(a.startMicros(), a.bucketMicros(), n, slot, fmt), yTicks(max, bytes, fmt), legend, false);
    }

    /** One bar per bucket (push messages over time). */
    public static BarChart counts(List<Long> perBucket, Long startMicros, long bucketMicros, String what,
                                  Format fmt) {
        int n = perBucket.size();
        long[] values = perBucket.stream().mapToLong(Long::longValue).toArray();
        if (n == 0 || startMicros == null || max(values) == 0) {
            return empty();
        }
        long max = niceMax(max(values));
        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = (double) plotWidth / n;
        double barWidth = Math.max(1, slot * 0.8);
        List<Rect> rects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (values[i] == 0) {
                continue;
            }
            double h = BAR_HEIGHT * (double) values[i] / max;
            rects.add(new Rect(r(LEFT + i * slot + (slot - barWidth) / 2), r(TOP + BAR_HEIGHT - h), r(barWidth), r(h),
                    "s0", fmt.count(values[i]) + " " + what + " from " + fmt.precise(startMicros + i * bucketMicros)));
        }
        return new BarChart(WIDTH, TOP + BAR_HEIGHT + BOTTOM, LEFT, TOP, plotWidth, BAR_HEIGHT, rects,
                xTicks(startMicros, bucketMicros, n, slot, fmt), yTicks(max, false, fmt), List.of(), false);
    }

    /** Every client's credential events on one time axis. */
    public static Timeline timeline(Credentials credentials, Format fmt) {
        List<Credentials.ClientTimeline> shown = credentials.clients().size() <= MAX_LANES ? credentials.clients()
                : credentials.clients().subList(0, MAX_LANES);
        int notShown = credentials.clients().size() - shown.size();
        Long first = null;
        Long last = null;
        for (Credentials.ClientTimeline t : shown) {
            for (Credentials.Event e : t.events()) {
                first = first == null ? e.atMicros() : Math.min(first, e.atMicros());
                last = last == null ? e.atMicros() : Math.max(last, e.atMicros());
            }
        }
        if (first == null) {
            return new Timeline(WIDTH, 0, TIMELINE_LEFT, 0, List.of(), List.of(), List.of(), List.of(), 0, true);
        }
        long span = Math.max(1, last - first);
        long pad = Math.max(1, span / 40);
        long from = first - pad;
        long to = last + pad;
        int plotWidth = WIDTH - TIMELINE_LEFT - TIMELINE_RIGHT;
        List<Lane> lanes = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            Credentials.ClientTimeline t = shown.get(i);
            double y = TOP + LANE * i + LANE / 2.0;
            String label = t.client().length() > 30 ? t.client().substring(0, 29) + "…" : t.client();
            lanes.add(new Lane(r(y), label, t.client()));
            double previousX = -100;
            int crowd = 0;
            for (Credentials.Event e : t.events()) {
                Style style = STYLES.getOrDefault(e.kind(), new Style("square", "k-minor", e.kind()));
                if (!kinds.contains(e.kind())) {
                    kinds.add(e.kind());
                }
                double x = TIMELINE_LEFT + plotWidth * (double) (e.atMicros() - from) / (to - from);
                crowd = x - previousX < CLOSE ? crowd + 1 : 0;   // marks closer than their size: fan them out
                previousX = x;
                double my = y + (crowd == 0 ? 0 : (crowd % 2 == 1 ? -1 : 1) * Math.min(12, 7 * ((crowd + 1) / 2)));
                String title = fmt.precise(e.atMicros()) + " " + e.kind().replace('_', ' ')
                        + (e.token() != null ? " (token " + e.token() + ")" : "")
                        + (e.flowId() != null ? ", flow " + e.flowId() : "")
                        + (e.detail() != null ? ": " + e.detail() : "");
                String points = style.shape().equals("triangle")
                        ? r(x) + "," + r(my - 7) + " " + r(x - 7) + "," + r(my + 6) + " " + r(x + 7) + "," + r(my + 6)
                        : "";
                marks.add(new Mark(r(x), r(my), e.kind(), style.shape(), style.cls(), points, title));
            }
        }
        List<Legend> legend = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String k : kinds) {
            Style s = STYLES.getOrDefault(k, new Style("square", "k-minor", k));
            if (!seen.contains(s.legend())) {
                seen.add(s.legend());
                legend.add(new Legend(s.cls() + " shape-" + s.shape(), s.legend()));
            }
        }
        List<Tick> ticks = new ArrayList<>();
        int count = 6;
        for (int i = 0; i <= count; i++) {
            long at = from + (to - from) * i / count;
            ticks.add(new Tick(r(TIMELINE_LEFT + plotWidth * (double) i / count), fmt.axis(at, to - from)));
        }
        int height = TOP + LANE * lanes.size() + BOTTOM;
        return new Timeline(WIDTH, height, TIMELINE_LEFT, plotWidth, lanes, marks, ticks, legend, notShown, false);
    }

    private static BarChart empty() {
        return new BarChart(WIDTH, 0, LEFT, TOP, 0, 0, List.of(), List.of(), List.of(), List.of(), true);
    }

    private static List<Tick> xTicks(long start, long bucket, int n, double slot, Format fmt) {
        List<Tick> ticks = new ArrayList<>();
        int step = Math.max(1, n / 6);
        for (int i = 0; i < n; i += step) {
            ticks.add(new Tick(r(LEFT + i * slot), fmt.axis(start + i * bucket, bucket * n)));
        }
        return ticks;
    }

    private static List<Tick> yTicks(long max, boolean bytes, Format fmt) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            long v = max * i / 4;
            ticks.add(new Tick(r(TOP + BAR_HEIGHT - BAR_HEIGHT * (double) i / 4), bytes ? fmt.bytes(v) : fmt.count(v)));
        }
        return ticks;
    }

    private static long max(long[] values) {
        long m = 0;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The smallest 1, 2, 4, 5 or 8 × 10^k not below {@code v} (and not below 4): a round top for the y axis. */
    static long niceMax(long v) {
        long target = Math.max(v, 4);
        for (long p = 1; p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long f : new long[] {1, 2, 4, 5, 8}) {
                if (f * p >= target) {
                    return f * p;
                }
            }
        }
        return target;
    }

    /** The smallest power of two not below {@code v} (and not below 4): quarter ticks fall on round sizes. */
    static long niceBytes(long v) {
        long p = 4;
        while (p < v && p < Long.MAX_VALUE / 2) {
            p *= 2;
        }
        return p;
    }

    private static double r(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
