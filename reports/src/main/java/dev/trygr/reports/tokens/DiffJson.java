package dev.trygr.reports.tokens;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.ClientSide;
import dev.trygr.analyzer.tokens.Continuity;
import dev.trygr.analyzer.tokens.PushContinuity;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenRef;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

import static dev.trygr.reports.tokens.LineageJson.number;
import static dev.trygr.reports.tokens.LineageJson.strings;
import static dev.trygr.reports.tokens.LineageJson.time;

/** The diff as JSON: per client the verdict, the continuity facts and both sides' summaries. */
public final class DiffJson {
    private DiffJson() {
    }

    public static void write(TokenDiff d, Writer out) throws IOException {
        try (JsonGenerator g = LineageJson.FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("a", d.a());
            g.writeStringField("b", d.b());
            g.writeStringField("headline", d.headline());
            g.writeNumberField("common_clients", d.commonClients());
            g.writeStringField("token_matching", d.sameKey() ? "fingerprint" : "claims");
            number(g, "clock_skew_b_minus_a_us", d.skewMicros());
            g.writeArrayFieldStart("clients");
            for (ClientDiff c : d.clients()) {
                client(g, c);
            }
            g.writeEndArray();
            strings(g, "linking", d.linking());
            strings(g, "notes", d.notes());
            g.writeEndObject();
        }
    }

    private static void client(JsonGenerator g, ClientDiff c) throws IOException {
        g.writeStartObject();
        g.writeStringField("label", c.label());
        g.writeStringField("matched_by", c.matchedBy());
        g.writeObjectFieldStart("verdict");
        g.writeStringField("severity", c.verdict().severity().id());
        g.writeStringField("headline", c.verdict().headline());
        g.writeStringField("text", c.verdict().text());
        g.writeEndObject();
        continuity(g, c.continuity());
        push(g, c.push());
        side(g, "a", c.a());
        side(g, "b", c.b());
        strings(g, "changes", c.changes());
        kinds(g, "anomalies_appeared", c.appeared());
        kinds(g, "anomalies_disappeared", c.disappeared());
        number(g, "gap_us", c.gapMicros());
        g.writeEndObject();
    }

    private static void continuity(JsonGenerator g, Continuity c) throws IOException {
        g.writeObjectFieldStart("chain");
        g.writeStringField("kind", kind(c));
        if (c instanceof Continuity.Persisted p) {
            ref(g, "presented", p.presented());
            ref(g, "last_of_a", p.lastOfA());
            g.writeStringField("method", p.method().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("also_matching", p.alsoMatching());
            g.writeStringField("outcome", p.outcome().id());
        } else if (c instanceof Continuity.StaleReuse s) {
            ref(g, "presented", s.presented());
            ref(g, "matched_in_a", s.matchedInA());
            ref(g, "last_of_a", s.lastOfA());
            g.writeStringField("method", s.method().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("also_matching", s.alsoMatching());
            time(g, "broken_since", s.brokenSince());
            number(g, "late_us", s.lateMicros());
            g.writeStringField("outcome", s.outcome().id());
        } else if (c instanceof Continuity.NewLogin n) {
            time(g, "at", n.at());
            g.writeStringField("ring_session", n.ringSession());
            g.writeBooleanField("a_had_tokens", n.aHadTokens());
        } else if (c instanceof Continuity.ContinuedUnrecorded u) {
            ref(g, "presented", u.presented());
            ref(g, "last_of_a", u.lastOfA());
            g.writeStringField("outcome", u.outcome().id());
        } else if (c instanceof Continuity.Unlinked u) {
            ref(g, "presented", u.presented());
            g.writeStringField("why", u.why());
            g.writeStringField("outcome", u.outcome().id());
        } else if (c instanceof Continuity.OneSided o) {
            g.writeStringField("side", o.side());
        }
        g.writeEndObject();
    }

    static String kind(Continuity c) {
        if (c instanceof Continuity.Persisted) {
            return "persisted";
        } else if (c instanceof Continuity.StaleReuse) {
            return "stale_reuse";
        } else if (c instanceof Continuity.NewLogin) {
            return "new_login";
        } else if (c instanceof Continuity.ContinuedUnrecorded) {
            return "continued_unrecorded";
        } else if (c instanceof Continuity.Unlinked) {
            return "unlinked";
        } else if (c instanceof Continuity.NoGrantInB) {
            return "no_grant_in_b";
        }
        return "one_sided";
    }

    private static void push(JsonGenerator g, PushContinuity p) throws IOException {
        if (p == null) {
            g.writeNullField("push");
            return;
        }
        g.writeObjectFieldStart("push");
        if (p instanceof PushContinuity.Same s) {
            g.writeStringField("kind", "same");
            g.writeBooleanField("exact", s.exact());
            g.writeStringField("evidence", s.evidence());
        } else if (p instanceof PushContinuity.Reregistered r) {
            g.writeStringField("kind", "reregistered");
            time(g, "at", r.at());
            g.writeStringField("fcm_token", r.fcmPrefix());
            g.writeStringField("previous_fcm_token", r.previousPrefix());
            g.writeBooleanField("same_android_id", r.sameAndroidId());
            g.writeStringField("evidence", r.evidence());
        } else if (p instanceof PushContinuity.FirstInB f) {
            g.writeStringField("kind", "first_in_b");
            time(g, "at", f.at());
            g.writeStringField("fcm_token", f.fcmPrefix());
        } else if (p instanceof PushContinuity.NoneInB n) {
            g.writeStringField("kind", "none_in_b");
            g.writeBooleanField("a_had_one", n.aHadOne());
        }
        g.writeEndObject();
    }

    private static void ref(JsonGenerator g, String name, TokenRef r) throws IOException {
        if (r == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("token", r.prefix());
        g.writeStringField("key", r.side());
        time(g, "at", r.at());
        number(g, "iat", r.iat());
        g.writeStringField("ring_session", r.ringSession());
        g.writeStringField("state", r.state().id());
        g.writeEndObject();
    }

    private static void side(JsonGenerator g, String name, ClientSide s) throws IOException {
        if (s == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("label", s.label());
        g.writeStringField("hardware_id", s.hardwareId());
        time(g, "first_seen", s.firstSeen());
        time(g, "last_seen", s.lastSeen());
        g.writeNumberField("chains", s.chains());
        g.writeNumberField("password_logins", s.passwordLogins());
        g.writeNumberField("rotations", s.cadence().rotations());
        number(g, "median_rotation_interval_us", s.cadence().medianMicros());
        strings(g, "ring_sessions", s.ringSessions());
        strings(g, "device_models", s.deviceModels());
        strings(g, "android_ids", s.androidIds());
        g.writeNumberField("fcm_registrations", s.pushRegistrations());
        g.writeStringField("latest_token", s.latestPrefix());
        g.writeObjectFieldStart("anomalies");
        for (AnomalyKind k : AnomalyKind.values()) {
            Long n = s.anomalies().get(k);
            if (n != null) {
                g.writeNumberField(k.id(), n);
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void kinds(JsonGenerator g, String name, List<AnomalyKind> kinds) throws IOException {
        g.writeArrayFieldStart(name);
        for (AnomalyKind k : kinds) {
            g.writeString(k.id());
        }
        g.writeEndArray();
    }
}
