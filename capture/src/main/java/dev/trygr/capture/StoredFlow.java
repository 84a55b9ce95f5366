package dev.trygr.capture;

import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.secrets.RedactedBody;
import dev.trygr.capture.secrets.Redactor;

import java.util.List;

/**
 * A flow in the form it is stored: secrets redacted (unless the session keeps them) in headers, target, query
 * and bodies.
 *
 * @param flow     the flow with redacted headers, target and query, and bodies reduced to their metadata
 * @param request  the request body to store, or null when there was none
 * @param response the response body to store, or null when there was none
 */
record StoredFlow(FlowCompleted flow, Part request, Part response) {

    /**
     * One body as it goes into {@code bodies}.
     *
     * @param wire the snapshot the proxy took (lengths, truncation, sha256 of the wire bytes)
     * @param kept the bytes to store and how they relate to the wire bytes
     */
    record Part(String direction, BodySnapshot wire, RedactedBody kept, String contentType) {
        boolean truncated() {
            return wire.truncated() || kept.withheld();
        }

        /**
         * The SHA-256 of the wire body, except when the body held a secret: a plain hash of, say, a login body
         * would let anyone holding the file test password guesses against it.
         */
        byte[] sha256() {
            return kept.unchanged() ? wire.sha256() : null;
        }
    }

    /** @param redactor null to store secrets as they are */
    static StoredFlow of(FlowCompleted f, Redactor redactor) {
        List<Header> requestHeaders = f.requestHeaders();
        List<Header> responseHeaders = f.responseHeaders();
        String target = f.target();
        String query = f.query();
        if (redactor != null) {
            requestHeaders = redactor.headers(requestHeaders).value();
            responseHeaders = redactor.headers(responseHeaders).value();
            target = redactor.target(target).value();
            query = redactor.query(query).value();
        }
        Part request = part("request", f.requestBody(), f.requestHeaders(), redactor);
        Part response = part("response", f.responseBody(), f.responseHeaders(), redactor);
        FlowCompleted stored = new FlowCompleted(f.connectionKey(), f.startedMicros(), f.clientAddress(),
                f.clientPort(), f.scheme(), f.method(), f.host(), f.port(), target, f.path(), query,
                f.httpVersion(), requestHeaders, metadataOnly(f.requestBody(), request), f.status(), f.reason(),
                f.responseVersion(), responseHeaders, metadataOnly(f.responseBody(), response), f.requestDoneMicros(),
                f.responseStartMicros(), f.responseDoneMicros(), f.error());
        return new StoredFlow(stored, request, response);
    }

    /** Bodies whose bytes were withheld because they might hold a secret. */
    int withheldBodies() {
        return (request != null && request.kept().withheld() ? 1 : 0)
                + (response != null && response.kept().withheld() ? 1 : 0);
    }

    private static Part part(String direction, BodySnapshot wire, List<Header> headers, Redactor redactor) {
        if (wire.isEmpty()) {
            return null;
        }
        String contentType = Redactor.headerValue(headers, "Content-Type");
        String contentEncoding = Redactor.headerValue(headers, "Content-Encoding");
        RedactedBody kept = redactor == null
                ? new RedactedBody(wire.stored(), contentEncoding, null, 0, false)
                : redactor.body(wire.stored(), wire.truncated(), contentType, contentEncoding);
        return new Part(direction, wire, kept, contentType);
    }

    private static BodySnapshot metadataOnly(BodySnapshot body, Part part) {
        return part == null ? body
                : new BodySnapshot(new byte[0], body.originalLength(), body.truncated(), part.sha256());
    }
}
