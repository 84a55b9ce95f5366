package dev.trygr.analyzer.pii;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coordinates in one flow, graded by the decimals sent. Three ways, most trusted first: the account's own
 * coordinates (latitude and longitude both present, rounded or cut to at least 2 decimals, or as integers times
 * 1e6 or 1e7); sibling fields named like latitude and longitude; a free-text {@code lat,lng} pair with at least 3
 * decimals each, in range, not near 0,0, and not part of a longer list of numbers.
 */
final class LocationFinder {
    static final String TYPE = "location";
    private static final double KNOWN_PRECISE = 0.95;
    private static final double KNOWN_COARSE = 0.9;
    private static final double KNOWN_ALONE = 0.6;
    private static final double KEY_PAIR = 0.85;
    private static final double KEY_ALONE = 0.5;
    private static final double PATTERN_PAIR = 0.5;
    private static final int MAX_PER_FLOW = 1000;

    private static final Pattern DECIMAL = Pattern.compile("(?<![\\w.])-?\\d{1,3}\\.\\d{2,}(?![\\w.])");
    private static final Pattern SCALED = Pattern.compile("(?<![\\w.])-?\\d{7,10}(?![\\w.])");
    private static final Pattern PAIR = Pattern.compile(
            "(?<![\\w.])(-?\\d{1,2}\\.\\d{3,})\\s*,\\s*(-?\\d{1,3}\\.\\d{3,})(?![\\w.])");

    private record Found(Segment segment, int start, int end, Coordinate value) {
    }

    private final List<Coordinate> knownLatitudes;
    private final List<Coordinate> knownLongitudes;
    private final List<Found> latitudes = new ArrayList<>();
    private final List<Found> longitudes = new ArrayList<>();
    private final Map<Integer, Found[]> keyed = new HashMap<>();

    LocationFinder(List<Coordinate> knownLatitudes, List<Coordinate> knownLongitudes) {
        this.knownLatitudes = List.copyOf(knownLatitudes);
        this.knownLongitudes = List.copyOf(knownLongitudes);
    }

    void segment(Segment s, List<int[]> skip, List<Hit> out) {
        String text = s.text();
        if (text.isEmpty()) {
            return;
        }
        if (!knownLatitudes.isEmpty() || !knownLongitudes.isEmpty()) {
            known(s, skip);
        }
        String category = KeyNames.category(s.key());
        if (KeyNames.LATITUDE.equals(category) || KeyNames.LONGITUDE.equals(category)) {
            Optional<Coordinate> c = Coordinate.parse(text);
            boolean lat = KeyNames.LATITUDE.equals(category);
            if (c.isPresent() && c.get().decimals() >= 1 && c.get().value() != 0
                    && (lat ? c.get().isLatitude() : c.get().isLongitude())) {
                Found[] slots = keyed.computeIfAbsent(s.container(), k -> new Found[2]);
                slots[lat ? 0 : 1] = new Found(s, 0, text.length(), c.get());
            }
            return;
        }
        if (s.number() || text.indexOf('.') < 0) {
            return;
        }
        boolean named = KeyNames.COORDINATES.equals(category);
        Matcher m = PAIR.matcher(text);
        while (m.find() && out.size() < MAX_PER_FLOW) {
            if (Markers.overlap(skip, m.start(), m.end()) || inList(text, m.start(), m.end())) {
                continue;
            }
            Coordinate lat = Coordinate.parse(m.group(1)).orElseThrow();
            Coordinate lng = Coordinate.parse(m.group(2)).orElseThrow();
            if (!plausiblePair(lat, lng)) {
                continue;
            }
            int decimals = Math.min(lat.decimals(), lng.decimals());
            out.add(hit(named ? Hit.KEY : Hit.PATTERN, named ? KEY_PAIR : PATTERN_PAIR, s, m.start(), m.end(),
                    s.fieldPath(), decimals));
        }
    }

    /** Numbers equal to one of the account's coordinates at the decimals sent. */
    private void known(Segment s, List<int[]> skip) {
        String text = s.text();
        if (s.number()) {
            Coordinate.parse(text).ifPresent(c -> compare(s, 0, text.length(), c));
            scaled(s, 0, text);
            return;
        }
        if (text.indexOf('.') >= 0) {
            Matcher m = DECIMAL.matcher(text);
            while (m.find() && latitudes.size() + longitudes.size() < MAX_PER_FLOW) {
                if (!Markers.overlap(skip, m.start(), m.end())) {
                    int start = m.start();
                    Coordinate.parse(m.group()).ifPresent(c -> compare(s, start, m.end(), c));
                }
            }
        }
        Matcher m = SCALED.matcher(text);
        while (m.find() && latitudes.size() + longitudes.size() < MAX_PER_FLOW) {
            if (!Markers.overlap(skip, m.start(), m.end())) {
                scaledAt(s, m.start(), m.group());
            }
        }
    }

    private void scaled(Segment s, int start, String digits) {
        if (digits.length() >= 7 && digits.matches("-?\\d{7,10}")) {
            scaledAt(s, start, digits);
        }
    }

    private void scaledAt(Segment s, int start, String digits) {
        long n = Long.parseLong(digits);
        int end = start + digits.length();
        for (int d : new int[] {6, 7}) {
            double scale = Math.pow(10, d);
            for (Coordinate k : knownLatitudes) {
                if (n == Math.round(k.value() * scale) || n == (long) (k.value() * scale)) {
                    latitudes.add(new Found(s, start, end, new Coordinate(k.value(), d)));
                }
            }
            for (Coordinate k : knownLongitudes) {
                if (n == Math.round(k.value() * scale) || n == (long) (k.value() * scale)) {
                    longitudes.add(new Found(s, start, end, new Coordinate(k.value(), d)));
                }
            }
        }
    }

    private void compare(Segment s, int start, int end, Coordinate c) {
        for (Coordinate k : knownLatitudes) {
            if (c.matches(k, 2)) {
                latitudes.add(new Found(s, start, end, c));
                break;
            }
        }
        for (Coordinate k : knownLongitudes) {
            if (c.matches(k, 2)) {
                longitudes.add(new Found(s, start, end, c));
                break;
            }
        }
    }

    /** The pairs and lone values this flow held; then forgets the flow. */
    void finish(List<Hit> out) {
        if (!latitudes.isEmpty() && !longitudes.isEmpty()) {
            List<Found> unused = new ArrayList<>(longitudes);
            for (Found lat : latitudes) {
                Found lng = partner(lat, unused.isEmpty() ? longitudes : unused);
                unused.remove(lng);
                int decimals = Math.min(lat.value().decimals(), lng.value().decimals());
                out.add(pairHit(Hit.KNOWN, decimals >= 3 ? KNOWN_PRECISE : KNOWN_COARSE, lat, lng, decimals));
            }
        } else {
            for (Found f : latitudes.isEmpty() ? longitudes : latitudes) {
                if (f.value().decimals() >= 4) {
                    out.add(hit(Hit.KNOWN, KNOWN_ALONE, f.segment(), f.start(), f.end(), f.segment().fieldPath(),
                            f.value().decimals()));
                }
            }
        }
        for (Found[] slots : keyed.values()) {
            if (slots[0] != null && slots[1] != null) {
                int decimals = Math.min(slots[0].value().decimals(), slots[1].value().decimals());
                out.add(pairHit(Hit.KEY, KEY_PAIR, slots[0], slots[1], decimals));
            } else {
                Found f = slots[0] != null ? slots[0] : slots[1];
                if (f.value().decimals() >= 3) {
                    out.add(hit(Hit.KEY, KEY_ALONE, f.segment(), f.start(), f.end(), f.segment().fieldPath(),
                            f.value().decimals()));
                }
            }
        }
        latitudes.clear();
        longitudes.clear();
        keyed.clear();
    }

    /** The longitude found nearest the latitude: same object, else same field, else the first. */
    private static Found partner(Found lat, List<Found> candidates) {
        for (Found f : candidates) {
            if (f.segment().container() == lat.segment().container()) {
                return f;
            }
        }
        for (Found f : candidates) {
            if (f.segment().fieldPath().equals(lat.segment().fieldPath())) {
                return f;
            }
        }
        return candidates.get(0);
    }

    private static Hit pairHit(String method, double confidence, Found lat, Found lng, int decimals) {
        Segment s = lat.segment();
        if (s == lng.segment()) {
            return hit(method, confidence, s, Math.min(lat.start(), lng.start()), Math.max(lat.end(), lng.end()),
                    s.fieldPath(), decimals);
        }
        String path = s.where().equals(lng.segment().where())
                ? both(s.fieldPath(), lng.segment().fieldPath())
                : s.fieldPath() + " & " + lng.segment().where() + ":" + lng.segment().fieldPath();
        return hit(method, confidence, s, lat.start(), lat.end(), path, decimals);
    }

    private static Hit hit(String method, double confidence, Segment s, int start, int end, String path,
                           int decimals) {
        String form = s.layer() == null ? "plain" : s.layer();
        return new Hit(TYPE, method, form, confidence, s, start, end, path, decimals, null);
    }

    /** {@code $.geo.lat} and {@code $.geo.lng} read as {@code $.geo.{lat,lng}}. */
    static String both(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        int cut = a.lastIndexOf('.', common - 1) + 1;
        if (cut <= 0) {
            return a + " & " + b;
        }
        return a.substring(0, cut) + "{" + a.substring(cut) + "," + b.substring(cut) + "}";
    }

    private static boolean plausiblePair(Coordinate lat, Coordinate lng) {
        return lat.isLatitude() && lng.isLongitude() && !(Math.abs(lat.value()) < 1 && Math.abs(lng.value()) < 1);
    }

    /** Part of a longer comma-separated list of numbers (sensor readings, a matrix): not a position. */
    private static boolean inList(String text, int start, int end) {
        int i = start - 1;
        while (i >= 0 && text.charAt(i) == ' ') {
            i--;
        }
        if (i >= 0 && text.charAt(i) == ',') {
            return true;
        }
        int j = end;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        return j < text.length() && text.charAt(j) == ',';
    }
}
