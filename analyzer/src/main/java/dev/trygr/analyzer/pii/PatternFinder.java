package dev.trygr.analyzer.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data recognised by shape alone, each shape validated: e-mail addresses (not role mailboxes such as
 * {@code noreply@}), E.164 phone numbers ({@link PhoneNumber#plausibleE164}; not in fields named like times or
 * ids), and colon- or dash-separated MACs that could be one device's (not broadcast, not all zero, not
 * multicast; a locally administered one is flagged and trusted less). Bare hex is never read as a MAC: it is in
 * every id and digest. Coordinates are {@link LocationFinder}'s.
 */
final class PatternFinder {
    static final double EMAIL_CONFIDENCE = 0.55;
    static final double PHONE_CONFIDENCE = 0.6;
    static final double MAC_CONFIDENCE = 0.7;
    static final double LOCAL_MAC_CONFIDENCE = 0.4;

    private static final Pattern EMAIL = Pattern.compile("(?<![\\w.%+-])" + KeyNameFinder.EMAIL.pattern()
            + "(?![\\w-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.+%/=-])\\+(\\d{8,15})(?![\\w.])");
    private static final Pattern MAC = Pattern.compile(
            "(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f:-])");
    private static final Pattern TIME_OR_ID_KEY = Pattern.compile(
            ".*(time|timestamp|date|version|nonce|hash|offset|millis|micros)|ts|t|id|uid|seq|count|ver|size|length");
    private static final Set<String> ROLE_MAILBOXES = Set.of("noreply", "no-reply", "donotreply", "do-not-reply",
            "support", "info", "admin", "help", "privacy", "abuse", "postmaster", "webmaster", "hostmaster",
            "security", "mailer-daemon", "notifications", "feedback");
    private static final int MAX_PER_SEGMENT = 200;

    private PatternFinder() {
    }

    static void find(Segment s, List<int[]> skip, List<Hit> out) {
        if (s.number()) {
            return;
        }
        String text = s.text();
        String form = s.layer() == null ? "plain" : s.layer();
        if (text.indexOf('@') >= 0) {
            emails(s, text, form, skip, out);
        }
        if (text.indexOf('+') >= 0) {
            phones(s, text, form, skip, out);
        }
        if (text.indexOf(':') >= 0 || text.indexOf('-') >= 0) {
            macs(s, text, form, skip, out);
        }
    }

    private static void emails(Segment s, String text, String form, List<int[]> skip, List<Hit> out) {
        Matcher m = EMAIL.matcher(text);
        int n = 0;
        while (m.find() && n++ < MAX_PER_SEGMENT) {
            String local = m.group().substring(0, m.group().indexOf('@')).toLowerCase(Locale.ROOT);
            if (!ROLE_MAILBOXES.contains(local) && !Markers.overlap(skip, m.start(), m.end())) {
                out.add(Hit.of(KeyNames.EMAIL, Hit.PATTERN, form, EMAIL_CONFIDENCE, s, m.start(), m.end()));
            }
        }
    }

    private static void phones(Segment s, String text, String form, List<int[]> skip, List<Hit> out) {
        if (timeOrId(s.key())) {
            return;
        }
        Matcher m = PHONE.matcher(text);
        int n = 0;
        while (m.find() && n++ < MAX_PER_SEGMENT) {
            if (PhoneNumber.plausibleE164(m.group(1)) && !Markers.overlap(skip, m.start(), m.end())) {
                out.add(Hit.of(KeyNames.PHONE, Hit.PATTERN, form, PHONE_CONFIDENCE, s, m.start(), m.end()));
            }
        }
    }

    /** The text with e-mail addresses, E.164 numbers and MACs replaced by {@code ‹type›}. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text.indexOf('@') >= 0 ? EMAIL.matcher(text).replaceAll("‹email›") : text;
        out = out.indexOf('+') >= 0 ? PHONE.matcher(out).replaceAll("‹phone›") : out;
        return out.indexOf(':') >= 0 || out.indexOf('-') >= 0 ? MAC.matcher(out).replaceAll("‹mac›") : out;
    }

    /** A field named like a time or an id ({@code ts}, {@code expires_at}, {@code createdAt}, {@code seq}). */
    static boolean timeOrId(String key) {
        String k = KeyNames.normalise(key);
        if (k == null || KeyNames.PHONE.equals(KeyNames.category(key))) {
            return false;
        }
        return TIME_OR_ID_KEY.matcher(k).matches() || key.endsWith("_at") || key.endsWith("At");
    }

    private static void macs(Segment s, String text, String form, List<int[]> skip, List<Hit> out) {
        Matcher m = MAC.matcher(text);
        int n = 0;
        while (m.find() && n++ < MAX_PER_SEGMENT) {
            if (Markers.overlap(skip, m.start(), m.end())) {
                continue;
            }
            MacAddress mac = MacAddress.parse(m.group()).orElseThrow();
            if (!mac.isUnicast()) {
                continue;
            }
            Hit h = Hit.of(KeyNames.MAC, Hit.PATTERN, form,
                    mac.isLocallyAdministered() ? LOCAL_MAC_CONFIDENCE : MAC_CONFIDENCE, s, m.start(), m.end());
            out.add(mac.isLocallyAdministered() ? h.withNote(KeyNameFinder.LOCALLY_ADMINISTERED) : h);
        }
    }
}
