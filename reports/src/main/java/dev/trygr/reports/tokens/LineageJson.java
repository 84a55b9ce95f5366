package dev.trygr.reports.tokens;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trygr.analyzer.tokens.Anomaly;
import dev.trygr.analyzer.tokens.Chain;
import dev.trygr.analyzer.tokens.ClientLineage;
import dev.trygr.analyzer.tokens.HumanTime;
import dev.trygr.analyzer.tokens.Presentation;
import dev.trygr.analyzer.tokens.PushRegistration;
import dev.trygr.analyzer.tokens.SessionSpan;
import dev.trygr.analyzer.tokens.TokenClaims;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.analyzer.tokens.TokenNode;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The lineage as JSON, streamed (a capture with a hundred thousand rotations is written without building a tree in
 * memory). Times are ISO-8601 UTC strings; durations are integer microseconds ({@code *_us}); tokens are 12-hex
 * fingerprint prefixes.
 */
public final class LineageJson {
    static final JsonFactory FACTORY = new JsonFactory();

    private LineageJson() {
    }

    public static void write(TokenLineage l, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(l, g);
        }
    }

    static void write(TokenLineage l, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("source", l.source());
        number(g, "session", l.session());
        g.writeStringField("capture_key_id", l.keyId());
        g.writeArrayFieldStart("sessions");
        for (SessionSpan s : l.sessions()) {
            g.writeStartObject();
            g.writeNumberField("id", s.id());
            time(g, "started", s.started());
            time(g, "ended", s.ended());
            g.writeStringField("version", s.version());
            g.writeBooleanField("overlaps_another", s.overlaps());
            g.writeEndObject();
        }
        g.writeEndArray();
        time(g, "first_at", l.firstAt());
        time(g, "last_at", l.lastAt());
        g.writeNumberField("token_events", l.tokenEvents());
        g.writeNumberField("fcm_events", l.fcmEvents());
        g.writeObjectFieldStart("clock");
        number(g, "capture_minus_ring_us", l.ringClock().medianMicros());
        g.writeNumberField("samples", l.ringClock().samples());
        g.writeEndObject();
        g.writeArrayFieldStart("clients");
        for (ClientLineage c : l.clients()) {
            client(g, c);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("unattributed_push");
        for (PushRegistration p : l.unattributed()) {
            push(g, p);
        }
        g.writeEndArray();
        strings(g, "notes", l.notes());
        g.writeEndObject();
    }

    static void client(JsonGenerator g, ClientLineage c) throws IOException {
        g.writeStartObject();
        g.writeStringField("label", c.label());
        g.writeStringField("hardware_id", c.key().hardwareId());
        g.writeStringField("address", c.key().address());
        g.writeStringField("user_agent", c.key().userAgent());
        strings(g, "addresses", c.addresses());
        strings(g, "user_agents", c.userAgents());
        strings(g, "device_models", c.deviceModels());
        strings(g, "android_ids", c.androidIds());
        strings(g, "ring_sessions", c.ringSessions());
        time(g, "first_seen", c.firstSeen());
        time(g, "last_seen", c.lastSeen());
        g.writeNumberField("password_logins", c.passwordLogins());
        g.writeNumberField("rotations", c.cadence().rotations());
        number(g, "median_rotation_interval_us", c.cadence().medianMicros());
        g.writeStringField("latest_token", TokenNode.prefix(c.latest()));
        g.writeArrayFieldStart("chains");
        for (Chain chain : c.chains()) {
            chain(g, chain);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("push");
        for (PushRegistration p : c.push()) {
            push(g, p);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("anomalies");
        for (Anomaly a : c.anomalies()) {
            g.writeStartObject();
            g.writeStringField("kind", a.kind().id());
            time(g, "at", a.at());
            g.writeNumberField("session", a.session());
            g.writeStringField("token", TokenNode.prefix(a.token()));
            number(g, "late_us", a.lateMicros());
            g.writeStringField("text", a.text());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void chain(JsonGenerator g, Chain chain) throws IOException {
        g.writeStartObject();
        g.writeNumberField("number", chain.number());
        g.writeStringField("ring_session", chain.ringSession());
        g.writeStringField("origin", chain.origin().id());
        g.writeNumberField("rotations", chain.cadence().rotations());
        number(g, "median_rotation_interval_us", chain.cadence().medianMicros());
        g.writeStringField("latest", TokenNode.prefix(chain.latest()));
        g.writeArrayFieldStart("tokens");
        for (TokenNode t : chain.tokens()) {
            token(g, t);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void token(JsonGenerator g, TokenNode t) throws IOException {
        g.writeStartObject();
        g.writeStringField("token", t.prefix());
        g.writeStringField("obtained", t.obtained().id());
        g.writeStringField("state", t.state().id());
        g.writeStringField("parent", TokenNode.prefix(t.parent()));
        g.writeArrayFieldStart("children");
        for (String child : t.children()) {
            g.writeString(TokenNode.prefix(child));
        }
        g.writeEndArray();
        time(g, "issued_at", t.issuedAt());
        number(g, "issued_session", t.issuedSession());
        TokenClaims c = t.claims();
        number(g, "iat", c == null ? null : c.iat());
        number(g, "oiat", c == null ? null : c.oiat());
        g.writeStringField("ring_session", c == null ? null : c.ringSession());
        time(g, "first_used_at", t.firstUsedAt());
        g.writeNumberField("times_used", t.timesUsed());
        time(g, "superseded_at", t.supersededAt());
        g.writeStringField("superseded_by", TokenNode.prefix(t.supersededBy()));
        time(g, "access_expires_at", t.accessExpiresAt());
        g.writeArrayFieldStart("presentations");
        for (Presentation p : t.presentations()) {
            g.writeStartObject();
            time(g, "at", p.at());
            g.writeNumberField("session", p.session());
            g.writeStringField("outcome", p.outcome().id());
            number(g, "status", p.status() == null ? null : p.status().longValue());
            g.writeStringField("error", p.error());
            g.writeBooleanField("stale", p.stale());
            number(g, "stale_us", p.staleMicros());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void push(JsonGenerator g, PushRegistration p) throws IOException {
        g.writeStartObject();
        time(g, "at", p.at());
        g.writeNumberField("session", p.session());
        g.writeStringField("via", p.via());
        g.writeStringField("fcm_token", TokenNode.prefix(p.fcmToken()));
        g.writeStringField("outcome", p.outcome());
        g.writeStringField("android_id", p.androidId());
        g.writeStringField("p256dh", p.p256dh());
        number(g, "chain", p.chain() == null ? null : p.chain().longValue());
        g.writeStringField("refresh_token", TokenNode.prefix(p.refreshToken()));
        g.writeStringField("bound_by", p.boundBy());
        g.writeBooleanField("reregistration", p.reregistration());
        g.writeEndObject();
    }

    static void time(JsonGenerator g, String name, Long micros) throws IOException {
        if (micros == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, HumanTime.iso(micros));
        }
    }

    static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
