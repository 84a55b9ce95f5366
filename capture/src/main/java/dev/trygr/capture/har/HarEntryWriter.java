package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.StoredBody;

import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** Writes the HAR 1.2 parts of one entry (request, response, timings) from a flow as stored. */
final class HarEntryWriter {
    private final JsonGenerator g;

    HarEntryWriter(JsonGenerator g) {
        this.g = g;
    }

    void request(FlowDetail d, HarContent content) throws IOException {
        FlowSummary f = d.summary();
        g.writeObjectFieldStart("request");
        g.writeStringField("method", f.method() == null ? "" : f.method());
        g.writeStringField("url", HarUrl.of(f.scheme(), f.host(), f.port(), f.target()));
        g.writeStringField("httpVersion", nonNull(d.httpVersion()));
        HarCookies.writeRequest(g, d.requestHeaders());
        headers(d.requestHeaders());
        g.writeArrayFieldStart("queryString");
        for (Header p : HarUrl.queryParameters(f.query())) {
            nameValue(p);
        }
        g.writeEndArray();
        StoredBody body = d.requestBody();
        if (content != null) {
            g.writeObjectFieldStart("postData");
            g.writeStringField("mimeType", mimeType(body));
            text(content);
            g.writeEndObject();
        }
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", body == null ? 0 : body.originalLength());
        g.writeEndObject();
    }

    void response(FlowDetail d, HarContent content) throws IOException {
        FlowSummary f = d.summary();
        g.writeObjectFieldStart("response");
        if (f.status() == 0) {
            g.writeNumberField("status", 0);
            g.writeStringField("statusText", "");
            g.writeStringField("httpVersion", "");
            g.writeArrayFieldStart("cookies");
            g.writeEndArray();
            g.writeArrayFieldStart("headers");
            g.writeEndArray();
            g.writeObjectFieldStart("content");
            g.writeNumberField("size", 0);
            g.writeStringField("mimeType", "x-unknown");
            g.writeEndObject();
            g.writeStringField("redirectURL", "");
            g.writeNumberField("headersSize", -1);
            g.writeNumberField("bodySize", -1);
            g.writeStringField("_error", f.error() == null ? "no response" : f.error());
            g.writeEndObject();
            return;
        }
        g.writeNumberField("status", f.status());
        g.writeStringField("statusText", nonNull(d.reason()));
        g.writeStringField("httpVersion", nonNull(d.responseVersion()));
        HarCookies.writeResponse(g, d.responseHeaders());
        headers(d.responseHeaders());
        StoredBody body = d.responseBody();
        g.writeObjectFieldStart("content");
        if (content == null) {
            g.writeNumberField("size", 0);
            g.writeStringField("mimeType", firstValue(d.responseHeaders(), "Content-Type", "x-unknown"));
        } else {
            HarContent c = content;
            g.writeNumberField("size", c.size());
            if (c.compression() != null) {
                g.writeNumberField("compression", c.compression());
            }
            g.writeStringField("mimeType", mimeType(body));
            text(c);
        }
        g.writeEndObject();
        g.writeStringField("redirectURL", firstValue(d.responseHeaders(), "Location", ""));
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", body == null ? 0 : body.originalLength());
        if (f.error() != null) {
            g.writeStringField("_error", f.error());
        }
        g.writeEndObject();
    }

    /**
     * {@code send} up to the request's end, {@code wait} up to the response head, {@code receive} up to its end;
     * times the capture does not have are 0 (required fields) or -1 (optional ones). They add up to the entry's
     * {@code time}.
     */
    void timings(FlowDetail d) throws IOException {
        long t0 = d.summary().startedMicros();
        long requestDone = positive(d.requestDoneMicros()) ? Math.max(d.requestDoneMicros(), t0) : t0;
        long responseStart = positive(d.responseStartMicros()) ? Math.max(d.responseStartMicros(), requestDone)
                : requestDone;
        long responseDone = positive(d.responseDoneMicros()) ? Math.max(d.responseDoneMicros(), responseStart)
                : responseStart;
        g.writeObjectFieldStart("timings");
        g.writeNumberField("blocked", -1);
        g.writeNumberField("dns", -1);
        g.writeNumberField("connect", -1);
        g.writeNumberField("ssl", -1);
        g.writeNumberField("send", HarTime.microsToMillis(requestDone - t0));
        g.writeNumberField("wait", HarTime.microsToMillis(responseStart - requestDone));
        g.writeNumberField("receive", HarTime.microsToMillis(responseDone - responseStart));
        g.writeEndObject();
    }

    /** The {@code _trygr} notes on one body, when there is anything to say beyond what HAR holds. */
    void bodyNotes(String field, StoredBody body, HarContent c) throws IOException {
        if (body == null || c == null) {
            return;
        }
        boolean notable = body.truncated() || body.withheld() || body.redactions() > 0 || body.decodedFrom() != null
                || c.stillEncoded() != null;
        if (!notable) {
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeNumberField("originalLength", body.originalLength());
        g.writeBooleanField("truncated", body.truncated());
        g.writeBooleanField("withheld", body.withheld());
        g.writeNumberField("redactions", body.redactions());
        if (body.decodedFrom() != null) {
            g.writeStringField("decodedFrom", body.decodedFrom());
        }
        if (c.stillEncoded() != null) {
            g.writeStringField("stillEncoded", c.stillEncoded());
        }
        g.writeEndObject();
    }

    private void text(HarContent c) throws IOException {
        if (c.base64()) {
            g.writeStringField("text", Base64.getEncoder().encodeToString(c.bytes()));
            g.writeStringField("encoding", "base64");
        } else {
            g.writeStringField("text", new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (c.comment() != null) {
            g.writeStringField("comment", c.comment());
        }
    }

    /** In wire order with duplicates and empty values; a name an import renamed gets its own name back. */
    private void headers(List<Header> headers) throws IOException {
        g.writeArrayFieldStart("headers");
        for (Header h : headers) {
            nameValue(new Header(HarFlows.originalName(h.name()), h.value()));
        }
        g.writeEndArray();
    }

    private void nameValue(Header h) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", h.name());
        g.writeStringField("value", h.value());
        g.writeEndObject();
    }

    private static String mimeType(StoredBody body) {
        return body.contentType() == null ? "x-unknown" : body.contentType();
    }

    private static String firstValue(List<Header> headers, String name, String otherwise) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return otherwise;
    }

    private static boolean positive(Long micros) {
        return micros != null && micros > 0;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
