package dev.trygr.capture.har;

import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.Header;
import dev.trygr.capture.har.HarEntry.Body;
import dev.trygr.capture.har.HarEntry.BodyNote;
import dev.trygr.capture.secrets.Redactor;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a HAR entry into the {@link FlowCompleted} the proxy would have submitted for it.
 *
 * <p>HAR holds bodies decoded: browsers, mitmproxy and HTTP Toolkit write {@code content.text} without its
 * Content-Encoding while the {@code Content-Encoding: gzip} header stays in the list. Stored as it is, that header
 * would claim an encoding the bytes no longer have (the redactor could not scan the body and would withhold it, the
 * recognizers could not read it). So when a body's bytes are not in the encoding its header names, each
 * {@code Content-Encoding} header of that message is renamed in place to {@value #DECODED_PREFIX} + its name
 * ({@code X-Trygr-Decoded-Content-Encoding: gzip}): position, case, value and the rest of the list stay as given, the
 * stored body has no encoding, and a HAR export gives the header its name back. Bytes that are still encoded
 * (a HAR holding the wire bytes base64) keep the header.
 */
final class HarFlows {
    static final String DECODED_PREFIX = "X-Trygr-Decoded-";

    private HarFlows() {
    }

    /** Why an entry cannot become a flow; {@code reason} is short, for counting. */
    static final class Skip extends Exception {
        final String reason;

        Skip(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    /**
     * @param renamedEncodings how many Content-Encoding headers were renamed (see the class comment)
     * @param noResponse       the entry had no response, or status 0
     */
    record Converted(FlowCompleted flow, HarUrl url, int renamedEncodings, boolean noResponse) {
    }

    /** A header name as it was in the HAR, undoing the rename above. */
    static String originalName(String name) {
        int n = DECODED_PREFIX.length();
        if (name.length() > n && name.regionMatches(true, 0, DECODED_PREFIX, 0, n)
                && name.substring(n).equalsIgnoreCase("Content-Encoding")) {
            return name.substring(n);
        }
        return name;
    }

    static Converted convert(HarEntry e, long connectionKey) throws Skip {
        if (e.startedMicros() == null) {
            throw new Skip("no startedDateTime (or not an ISO 8601 date-time)");
        }
        if (e.request() == null) {
            throw new Skip("no request");
        }
        if (e.request().method() == null) {
            throw new Skip("no request.method");
        }
        HarUrl url = HarUrl.parse(e.request().url());
        if (url == null) {
            throw new Skip(e.request().url() == null ? "no request.url"
                    : "request.url is not an absolute http(s) or ws(s) URL");
        }
        long started = e.startedMicros();
        HarEntry.Response r = e.response();
        boolean noResponse = r == null || r.status() == 0;
        long[] times = times(e, started, noResponse);

        BodySnapshot requestBody = snapshot(e.request().body(), e.notes().request());
        List<Header> requestHeaders = e.request().headers();
        List<Header> honestRequest = honest(requestHeaders, requestBody, e.notes().request());
        int renamed = honestRequest == requestHeaders ? 0 : 1;

        List<Header> responseHeaders = List.of();
        BodySnapshot responseBody = BodySnapshot.EMPTY;
        if (!noResponse) {
            responseBody = snapshot(r.body(), e.notes().response());
            List<Header> given = r.headers();
            responseHeaders = honest(given, responseBody, e.notes().response());
            renamed += responseHeaders == given ? 0 : 1;
        }
        String error = e.notes().error();
        if (error == null && noResponse) {
            error = r == null ? (e.error() != null ? e.error() : "no response in the HAR entry")
                    : r.error() != null ? r.error() : e.error() != null ? e.error() : "no response (status 0 in the HAR)";
        }
        FlowCompleted flow = new FlowCompleted(connectionKey, started, e.notes().clientAddress(),
                Math.max(0, e.notes().clientPort()), url.scheme(), e.request().method(), url.host(), url.port(),
                url.target(), url.path(), url.query(), e.request().httpVersion(), honestRequest, requestBody,
                noResponse ? 0 : r.status(), noResponse ? null : r.statusText(), noResponse ? null : r.httpVersion(),
                responseHeaders, responseBody, times[0], times[1], times[2], error);
        return new Converted(flow, url, renamed, noResponse);
    }

    /**
     * Request done, response start, response done (µs) from HAR's timings: {@code send} ends after blocked, dns and
     * connect (ssl is part of connect), {@code wait} then {@code receive} follow. Without timings the entry's
     * {@code time} is spent waiting. 0 where a time did not happen (no response).
     */
    private static long[] times(HarEntry e, long started, boolean noResponse) {
        HarEntry.Timings t = e.timings();
        long requestDone;
        long responseStart;
        long responseDone;
        if (t != null && t.send() >= 0) {
            long before = HarTime.millisToMicros(Math.max(0, t.blocked())) + HarTime.millisToMicros(Math.max(0, t.dns()))
                    + HarTime.millisToMicros(Math.max(0, t.connect()));
            requestDone = started + before + HarTime.millisToMicros(t.send());
            responseStart = requestDone + Math.max(0, HarTime.millisToMicros(t.waitFor()));
            responseDone = responseStart + Math.max(0, HarTime.millisToMicros(t.receive()));
        } else {
            requestDone = started;
            responseStart = started + Math.max(0, HarTime.millisToMicros(e.timeMillis()));
            responseDone = responseStart;
        }
        return noResponse ? new long[] {requestDone, 0, 0} : new long[] {requestDone, responseStart, responseDone};
    }

    /** The body as the HAR gives it, with what a trygr export noted about it (cut off, withheld) put back. */
    private static BodySnapshot snapshot(Body body, BodyNote note) {
        if (note == null) {
            return body.snapshot();
        }
        if (note.withheld()) {
            return new BodySnapshot(new byte[0], Math.max(0, note.originalLength()), note.originalLength() > 0, null);
        }
        if (note.truncated()) {
            byte[] kept = body.kept();
            return new BodySnapshot(kept, Math.max(Math.max(note.originalLength(), body.length()), kept.length), true,
                    null);
        }
        return body.snapshot();
    }

    /**
     * The headers, or a copy with each Content-Encoding renamed when the body's bytes are not in that encoding
     * (the same list object when nothing changed).
     */
    private static List<Header> honest(List<Header> headers, BodySnapshot body, BodyNote note) {
        String encoding = Redactor.headerValue(headers, "Content-Encoding");
        if (BodyDecoding.codings(encoding).isEmpty() || body.stored().length == 0
                || (note != null && note.stillEncoded() != null) || stillEncoded(body, encoding)) {
            return headers;
        }
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(h.name().equalsIgnoreCase("Content-Encoding") ? new Header(DECODED_PREFIX + h.name(), h.value()) : h);
        }
        return out;
    }

    /** Whether the bytes decode with the given Content-Encoding (as far as they go, when cut). */
    private static boolean stillEncoded(BodySnapshot body, String encoding) {
        if (!body.truncated()) {
            return BodyDecoding.decodeWhole(body.stored(), encoding) != null;
        }
        BodyDecoding.Decoded d = BodyDecoding.decode(body.stored(), encoding, true);
        return !d.note().contains(" still ") && d.bytes().length > 0;
    }
}
