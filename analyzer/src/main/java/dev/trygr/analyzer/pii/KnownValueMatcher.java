package dev.trygr.analyzer.pii;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the account's own values in a segment, in every spelling {@link Spellings} lists: spellings long enough
 * to mean something anywhere are found inside longer text (one pass of an {@link Automaton}); the others only
 * when they are a whole field. Coordinates are compared as numbers by {@link LocationFinder}.
 */
final class KnownValueMatcher {
    /** Confidence of a weak value (one name, a device's name) in a field named for it. */
    static final double WEAK_IN_NAMED_FIELD = 0.9;
    /** Confidence of a weak value that is a whole field of another name. */
    static final double WEAK_WHOLE_FIELD = 0.7;

    private final List<Identifier> identifiers;
    private final List<Spelling> anywhere = new ArrayList<>();
    private final Map<String, List<Spelling>> whole = new HashMap<>();
    private final Automaton automaton;

    KnownValueMatcher(List<Identifier> identifiers) {
        this.identifiers = List.copyOf(identifiers);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < identifiers.size(); i++) {
            for (Spelling s : Spellings.of(i, identifiers.get(i))) {
                whole.computeIfAbsent(s.text(), k -> new ArrayList<>(1)).add(s);
                if (s.anywhere()) {
                    anywhere.add(s);
                    patterns.add(s.text());
                }
            }
        }
        automaton = new Automaton(patterns);
    }

    boolean isEmpty() {
        return identifiers.isEmpty();
    }

    /** Adds a hit for every known value in the segment (markers excepted: {@code skip} holds their spans). */
    void match(Segment segment, List<int[]> skip, List<Hit> out) {
        String text = segment.text();
        String trimmed = text.strip();
        if (identifiers.isEmpty() || trimmed.isEmpty()) {
            return;
        }
        List<Spelling> exact = whole.get(Spellings.lower(trimmed));
        int lead = text.indexOf(trimmed);
        if (exact != null) {
            for (Spelling s : exact) {
                add(segment, s, lead, lead + trimmed.length(), true, out);
            }
        }
        for (Automaton.Match m : automaton.find(text)) {
            Spelling s = anywhere.get(m.pattern());
            if (m.start() == lead && m.end() == lead + trimmed.length() && exact != null) {
                continue; // already found as the whole field
            }
            if (Markers.overlap(skip, m.start(), m.end()) || (s.bounded() && !bounded(text, m.start(), m.end()))) {
                continue;
            }
            add(segment, s, m.start(), m.end(), false, out);
        }
    }

    private void add(Segment segment, Spelling s, int start, int end, boolean wholeField, List<Hit> out) {
        Identifier id = identifiers.get(s.identifier());
        Set<String> required = id.requiredKey();
        if (!required.isEmpty() && !KeyNames.in(segment.key(), required)) {
            return;
        }
        double confidence = s.confidence();
        if (id.strength() == Identifier.Strength.WEAK) {
            Set<String> named = id.dataType().equals("name") ? KeyNames.NAME_KEYS : KeyNames.LABEL_KEYS;
            if (KeyNames.in(segment.key(), named)) {
                confidence = Math.max(confidence, WEAK_IN_NAMED_FIELD);
            } else if (id.value().length() < Spellings.MIN_ANYWHERE_WEAK && s.form().equals("plain")) {
                return;  // two or three letters mean a name only in a field named so
            } else if (wholeField) {
                confidence = Math.max(confidence, WEAK_WHOLE_FIELD);
            }
        }
        String form = s.form();
        if (form.equals("plain") && segment.layer() != null) {
            form = segment.layer();
        }
        out.add(Hit.of(id.dataType(), Hit.KNOWN, form, confidence, segment, start, end));
    }

    /**
     * The text with every known value in it (as found anywhere) replaced by {@code ‹type›}: for field names and
     * paths, which are shown as they are.
     */
    String mask(String text) {
        if (text == null || identifiers.isEmpty()) {
            return text;
        }
        List<Automaton.Match> matches = new ArrayList<>();
        for (Automaton.Match m : automaton.find(text)) {
            Spelling s = anywhere.get(m.pattern());
            if (!s.bounded() || bounded(text, m.start(), m.end())) {
                matches.add(m);
            }
        }
        matches.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : Integer.compare(b.end(), a.end()));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Automaton.Match m : matches) {
            if (m.start() >= at) {
                String type = identifiers.get(anywhere.get(m.pattern()).identifier()).dataType();
                out.append(text, at, m.start()).append('‹').append(type).append('›');
                at = m.end();
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * Between characters that are not letters or digits; a {@code %XX} escape just before counts as a boundary
     * ({@code email%3Djordan...}).
     */
    static boolean bounded(String text, int start, int end) {
        boolean before = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1))
                || (start >= 3 && text.charAt(start - 3) == '%' && isHex(text.charAt(start - 2))
                        && isHex(text.charAt(start - 1)));
        boolean after = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
        return before && after;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
