package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.ConnectionRow;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.SessionRow;
import dev.trygr.capture.StoredBody;
import dev.trygr.capture.WsMessageRow;
import dev.trygr.capture.secrets.RedactedBody;
import dev.trygr.capture.secrets.Redactor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Writes the flows of a capture as a HAR 1.2 file, streamed: one flow is read and written at a time
 * ({@link CaptureReader#forEachFlow} then {@link CaptureReader#flow}), so memory stays bounded whatever the
 * capture's size. Entries come in flow id order (the order the flows were recorded).
 *
 * <p>Headers are written in wire order with duplicates and empty values; bodies with their Content-Encoding undone
 * (HAR's convention), as text or base64. The capture holds redacted bodies and headers (markers), and they stay
 * redacted; sessions recorded with {@code --store-secrets} are redacted on the way out unless
 * {@link Options#keepRawSecrets()}. WebSocket messages of an upgrade flow go into {@code _webSocketMessages}
 * ({@code {type: "send"|"receive", time: epoch seconds, opcode, data}}, binary data base64, as Chrome DevTools and
 * mitmproxy write them). {@code _trygr} carries what HAR has no field for: flow and session ids, the client, the
 * error, and notes on bodies that were cut, withheld, redacted or could not be decoded.
 */
public final class HarWriter {
    /**
     * @param creatorVersion trygr's version, for {@code log.creator}
     * @param keepRawSecrets write the raw secrets of {@code --store-secrets} sessions as they are
     * @param comment        {@code log.comment}, or null
     */
    public record Options(String creatorVersion, boolean keepRawSecrets, String comment) {
        public Options {
            Objects.requireNonNull(creatorVersion, "creatorVersion");
        }
    }

    private final CaptureReader reader;
    private final JsonGenerator g;
    private final HarEntryWriter entry;
    private final Redactor redactor;
    private final Set<Long> rawSessions = new HashSet<>();
    private ConnectionRow lastConnection;
    private long entries;
    private long wsMessages;
    private long redacted;

    private HarWriter(CaptureReader reader, JsonGenerator g, Options options) {
        this.reader = reader;
        this.g = g;
        this.entry = new HarEntryWriter(g);
        for (SessionRow s : reader.sessions()) {
            if (s.storeSecrets()) {
                rawSessions.add(s.id());
            }
        }
        this.redactor = options.keepRawSecrets() || rawSessions.isEmpty() ? null : new Redactor(reader.secretKey());
    }

    /** Writes the HAR to a byte stream (UTF-8), without closing it. */
    public static HarExportResult write(CaptureReader reader, FlowQuery query, OutputStream out, Options options,
                                        LongConsumer progress) throws IOException {
        try (JsonGenerator g = HarJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            return write(reader, query, g, options, progress);
        }
    }

    /**
     * Writes the HAR to a character stream (standard output), without closing it. Characters outside ASCII are
     * written as JSON escapes, so the JSON stays intact whatever charset the stream encodes with.
     */
    public static HarExportResult write(CaptureReader reader, FlowQuery query, Writer out, Options options,
                                        LongConsumer progress) throws IOException {
        try (JsonGenerator g = HarJson.FACTORY.createGenerator(out)) {
            g.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
            return write(reader, query, g, options, progress);
        }
    }

    private static HarExportResult write(CaptureReader reader, FlowQuery query, JsonGenerator g, Options options,
                                         LongConsumer progress) throws IOException {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        HarWriter w = new HarWriter(reader, g, options);
        g.writeStartObject();
        g.writeObjectFieldStart("log");
        g.writeStringField("version", "1.2");
        g.writeObjectFieldStart("creator");
        g.writeStringField("name", "trygr");
        g.writeStringField("version", options.creatorVersion());
        g.writeEndObject();
        g.writeArrayFieldStart("pages");
        g.writeEndArray();
        g.writeArrayFieldStart("entries");
        try {
            reader.forEachFlow(query, summary -> {
                try {
                    w.entry(summary);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.accept(w.entries);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndArray();
        if (options.comment() != null) {
            g.writeStringField("comment", options.comment());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        return new HarExportResult(w.entries, w.wsMessages, w.redacted);
    }

    private void entry(FlowSummary summary) throws IOException {
        Optional<FlowDetail> found = reader.flow(summary.id());
        if (found.isEmpty()) {
            return; // deleted between the listing and now: nothing to write
        }
        FlowDetail d = found.get();
        if (redactor != null && rawSessions.contains(summary.sessionId())) {
            d = redacted(d);
            redacted++;
        }
        FlowSummary f = d.summary();
        HarContent requestContent = content(d.requestBody());
        HarContent responseContent = f.status() == 0 ? null : content(d.responseBody());
        g.writeStartObject();
        g.writeStringField("startedDateTime", HarTime.format(f.startedMicros()));
        g.writeNumberField("time", totalMillis(d));
        entry.request(d, requestContent);
        entry.response(d, responseContent);
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        entry.timings(d);
        ConnectionRow connection = connection(f.connectionId());
        if (connection != null) {
            String ip = serverIp(connection.upstreamAddress());
            if (ip != null) {
                g.writeStringField("serverIPAddress", ip);
            }
            g.writeStringField("connection", String.valueOf(connection.id()));
        }
        if (f.status() == 101) {
            webSocketMessages(f.id(), f.sessionId());
        }
        g.writeObjectFieldStart("_trygr");
        g.writeNumberField("flowId", f.id());
        g.writeNumberField("sessionId", f.sessionId());
        if (f.clientAddress() != null) {
            g.writeStringField("clientAddress", f.clientAddress());
        }
        if (f.clientPort() != null) {
            g.writeNumberField("clientPort", f.clientPort());
        }
        if (f.error() != null) {
            g.writeStringField("error", f.error());
        }
        entry.bodyNotes("request", d.requestBody(), requestContent);
        entry.bodyNotes("response", d.responseBody(), responseContent);
        g.writeEndObject();
        g.writeEndObject();
        entries++;
    }

    private static HarContent content(StoredBody body) {
        return body == null || body.originalLength() == 0 ? null : HarContent.of(body);
    }

    private static double totalMillis(FlowDetail d) {
        long t0 = d.summary().startedMicros();
        long end = t0;
        for (Long t : new Long[] {d.requestDoneMicros(), d.responseStartMicros(), d.responseDoneMicros()}) {
            if (t != null && t > end) {
                end = t;
            }
        }
        return HarTime.microsToMillis(end - t0);
    }

    private void webSocketMessages(long flowId, long sessionId) throws IOException {
        boolean[] started = {false};
        try {
            reader.forEachWsMessage(flowId, m -> {
                try {
                    if (!started[0]) {
                        g.writeArrayFieldStart("_webSocketMessages");
                        started[0] = true;
                    }
                    wsMessage(m, redactor != null && rawSessions.contains(sessionId));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (started[0]) {
            g.writeEndArray();
        }
    }

    private void wsMessage(WsMessageRow m, boolean redact) throws IOException {
        byte[] data = m.data();
        if (redact && m.opcode() == 1) {
            data = redactor.body(data, m.truncated(), null, null).data();
        }
        g.writeStartObject();
        g.writeStringField("type", m.fromClient() ? "send" : "receive");
        g.writeFieldName("time");
        g.writeNumber(HarTime.epochSeconds(m.atMicros()));
        g.writeNumberField("opcode", m.opcode());
        boolean text = m.opcode() == 1 && HarContent.isText(data, null);
        g.writeStringField("data", text ? new String(data, StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(data));
        if (m.truncated() || m.compressed() || m.length() != data.length || (m.opcode() == 1 && !text)) {
            g.writeObjectFieldStart("_trygr");
            g.writeNumberField("length", m.length());
            g.writeBooleanField("compressed", m.compressed());
            g.writeBooleanField("truncated", m.truncated());
            if (m.opcode() == 1 && !text) {
                g.writeStringField("encoding", "base64");
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        wsMessages++;
    }

    /** The connection of a flow; consecutive flows mostly share one, so the last is kept. */
    private ConnectionRow connection(Long id) {
        if (id == null) {
            return null;
        }
        if (lastConnection == null || lastConnection.id() != id) {
            lastConnection = reader.connection(id).orElse(null);
        }
        return lastConnection;
    }

    /** {@code 52.1.2.3:443} → {@code 52.1.2.3}; {@code [2001:db8::1]:443} → {@code 2001:db8::1}. */
    static String serverIp(String upstreamAddress) {
        if (upstreamAddress == null || upstreamAddress.isBlank()) {
            return null;
        }
        String a = upstreamAddress.strip();
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close < 0 ? a : a.substring(1, close);
        }
        int colon = a.indexOf(':');
        return colon >= 0 && colon == a.lastIndexOf(':') ? a.substring(0, colon) : a;
    }

    /** A flow of a {@code --store-secrets} session with its secrets replaced by markers, as a redacted one would be. */
    private FlowDetail redacted(FlowDetail d) {
        FlowSummary f = d.summary();
        FlowSummary summary = new FlowSummary(f.id(), f.sessionId(), f.connectionId(), f.startedMicros(), f.scheme(),
                f.method(), f.host(), f.port(), f.target() == null ? null : redactor.target(f.target()).value(),
                f.path(), f.query() == null ? null : redactor.query(f.query()).value(), f.status(), f.requestBytes(),
                f.responseBytes(), f.durationMicros(), f.error(), f.clientAddress(), f.clientPort());
        return new FlowDetail(summary, d.httpVersion(), redactor.headers(d.requestHeaders()).value(), d.reason(),
                d.responseVersion(), redactor.headers(d.responseHeaders()).value(), redacted(d.requestBody()),
                redacted(d.responseBody()), d.requestDoneMicros(), d.responseStartMicros(), d.responseDoneMicros());
    }

    private StoredBody redacted(StoredBody b) {
        if (b == null || b.withheld()) {
            return b;
        }
        RedactedBody r = redactor.body(b.data(), b.truncated(), b.contentType(), b.contentEncoding());
        if (r.unchanged()) {
            return b;
        }
        return new StoredBody(b.id(), b.direction(), r.contentEncoding(), r.decodedFrom(), b.contentType(),
                b.originalLength(), r.data().length, b.truncated() || r.withheld(), r.withheld(), null,
                r.redactions(), r.data());
    }
}
