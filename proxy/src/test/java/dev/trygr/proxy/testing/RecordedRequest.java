package dev.trygr.proxy.testing;

import dev.trygr.capture.Header;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request exactly as {@link RawHttpsOrigin} received it.
 *
 * @param connection     1-based number of the accepted connection it arrived on (see
 *                       {@link RawHttpsOrigin#connectionsAccepted()})
 * @param indexOnConnection 1-based position of this request on its connection (2 = the first keep-alive reuse)
 * @param rawHead        the request line and header lines byte for byte, including line endings and the
 *                       empty line that ends the head
 * @param method         the method as sent
 * @param target         the request target as sent (origin-form {@code /path?q}, or absolute-form)
 * @param version        the HTTP version token, e.g. {@code HTTP/1.1}
 * @param headers        the header lines in order, duplicates kept, names with their case; the value has
 *                       leading and trailing spaces/tabs removed (see {@link #rawHeaderLines()} for the exact
 *                       bytes)
 * @param body           the decoded body (de-chunked), at most the origin's recording cap
 * @param bodyLength     the full decoded body length, even when {@code body} was capped
 * @param bodySha256     hex SHA-256 of the full decoded body
 * @param chunked        whether the body arrived with {@code Transfer-Encoding: chunked}
 * @param trailers       trailer fields of a chunked body, in order
 * @param tlsProtocol    the negotiated TLS protocol (e.g. {@code TLSv1.3}), or {@code null} on plain TCP
 * @param sni            the SNI host name the client sent, or {@code null} when none (or plain TCP)
 */
public record RecordedRequest(
        int connection,
        int indexOnConnection,
        byte[] rawHead,
        String method,
        String target,
        String version,
        List<Header> headers,
        byte[] body,
        long bodyLength,
        String bodySha256,
        boolean chunked,
        List<Header> trailers,
        String tlsProtocol,
        String sni) {

    /** Copies the arrays and lists so a recorded request cannot change after the fact. */
    public RecordedRequest {
        rawHead = rawHead.clone();
        body = body.clone();
        headers = List.copyOf(headers);
        trailers = List.copyOf(trailers);
    }

    /** A copy of the raw head bytes. */
    @Override
    public byte[] rawHead() {
        return rawHead.clone();
    }

    /** A copy of the (possibly capped) body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The raw head as text (ISO-8859-1, so every byte maps to one char), line endings included. */
    public String rawHeadText() {
        return new String(rawHead, StandardCharsets.ISO_8859_1);
    }

    /**
     * The header lines exactly as received, without their line endings (so {@code "2fa-code:"} for an empty
     * value sent without a space, {@code "2fa-code: "} with one).
     */
    public List<String> rawHeaderLines() {
        String[] lines = rawHeadText().split("\n", -1);
        return Arrays.stream(lines, 1, lines.length)
                .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /** The first value of the header {@code name} (case-insensitive), if present. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** All values of the header {@code name} (case-insensitive), in order. */
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The header names in order, with their case, duplicates kept. */
    public List<String> headerNames() {
        return headers.stream().map(Header::name).toList();
    }

    /** The recorded body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether {@link #body()} holds less than the full body because of the recording cap. */
    public boolean bodyTruncated() {
        return body.length < bodyLength;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "RecordedRequest[#" + connection + "." + indexOnConnection + " " + method + " " + target + " "
                + version + ", " + headers.size() + " headers, body " + bodyLength + " bytes"
                + (chunked ? " chunked" : "") + (tlsProtocol == null ? "" : ", " + tlsProtocol)
                + (sni == null ? "" : ", sni=" + sni) + "]";
    }
}
