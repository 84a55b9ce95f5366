package dev.trygr.simulator;

import dev.trygr.capture.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 request as it crossed the wire: header names with their case, in order, duplicates and empty
 * values kept; the body as sent (after de-chunking, before any content decoding).
 */
record HttpRequest(String method, String target, List<Header> headers, byte[] body) {

    HttpRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first header of that name, compared case-insensitively. */
    Optional<String> header(String name) {
        return HttpWire.first(headers, name);
    }

    /** The target without its query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The Host header's name part, lower case; empty when absent. */
    String host() {
        String host = header("host").orElse("").trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
