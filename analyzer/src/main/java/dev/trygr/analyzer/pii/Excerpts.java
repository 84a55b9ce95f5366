package dev.trygr.analyzer.pii;

import dev.trygr.capture.secrets.Redactor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text around a finding, with the value masked: {@code ‹email›}, or {@code ‹email:sha256›} when it was
 * hashed. Everything else found in the same text is masked too, and so is any long opaque run (a token, a digest)
 * that is not a capture marker; cookies and credentials get no context at all. An excerpt can be shown as it is.
 */
final class Excerpts {
    static final int CONTEXT = 32;
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "2fa-code", "x-goog-firebase-installations-auth");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_+=%-]{20,}");

    private Excerpts() {
    }

    /**
     * @param hit  the finding
     * @param all  everything found in the same segment (the hit included)
     * @param mask masks personal data out of the field's name
     */
    static String of(Hit hit, List<Hit> all, UnaryOperator<String> mask) {
        Segment s = hit.segment();
        String text = s.text();
        boolean secret = holdsSecrets(s);
        int from = secret ? hit.start() : Math.max(0, hit.start() - CONTEXT);
        int to = secret ? hit.end() : Math.min(text.length(), hit.end() + CONTEXT);
        List<Hit> masks = new ArrayList<>();
        for (Hit h : all) {
            if (h.segment() == s && h.start() < to && h.end() > from) {
                masks.add(h);
            }
        }
        masks.sort(Comparator.comparingInt(Hit::start).thenComparing(h -> -h.end()));
        StringBuilder out = new StringBuilder();
        if (s.key() != null) {
            boolean equals = s.where().equals("url") || s.where().equals("cookie")
                    || s.where().equals("body") && !s.fieldPath().contains("$");
            out.append(clean(mask.apply(s.key()))).append(equals ? "=" : ": ");
        }
        if (from > 0) {
            out.append('…');
        }
        int at = from;
        for (Hit m : masks) {
            int start = Math.max(m.start(), from);
            int end = Math.min(m.end(), to);
            if (end <= at) {
                continue;
            }
            if (start > at) {
                out.append(clean(text.substring(at, start)));
            }
            out.append(label(m));
            at = end;
        }
        if (at < to) {
            out.append(clean(text.substring(at, to)));
        }
        if (to < text.length()) {
            out.append('…');
        }
        if (hit.note() != null) {
            out.append(" [").append(hit.note()).append(']');
        }
        return out.toString();
    }

    /**
     * Cookies, credentials and secret fields: in a capture recorded with {@code --store-secrets} their text is the
     * secret itself, so an excerpt shows only the masked value, no context.
     */
    static boolean holdsSecrets(Segment s) {
        if (s.where().equals("cookie")) {
            return true;
        }
        String key = s.key() == null ? "" : s.key().toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(key) || Redactor.SECRET_FIELDS.contains(key);
    }

    static String label(Hit h) {
        return "‹" + h.dataType() + (h.form().equals("plain") ? "" : ":" + h.form()) + "›";
    }

    /** Control characters as spaces; long opaque runs of letters and digits (tokens, digests) as {@code ‹…›}. */
    static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        Matcher m = OPAQUE.matcher(s);
        int at = 0;
        while (m.find()) {
            String run = m.group();
            if (run.chars().anyMatch(Character::isDigit) && run.chars().anyMatch(Character::isLetter)) {
                out.append(s, at, m.start()).append("‹…›");
                at = m.end();
            }
        }
        out.append(s, at, s.length());
        for (int i = 0; i < out.length(); i++) {
            if (Character.isISOControl(out.charAt(i))) {
                out.setCharAt(i, ' ');
            }
        }
        return out.toString();
    }
}
