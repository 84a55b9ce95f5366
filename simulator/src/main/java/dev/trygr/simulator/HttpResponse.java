package dev.trygr.simulator;

import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One HTTP/1.1 response: status, headers as on the wire, the body as sent (de-chunked, still content-encoded). */
record HttpResponse(int status, List<Header> headers, byte[] body) {

    HttpResponse {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    static HttpResponse json(int status, Object value) {
        return of(status, "application/json; charset=utf-8", SimJson.bytes(value));
    }

    static HttpResponse text(int status, String contentType, String text) {
        return of(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse of(int status, String contentType, byte[] body) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", contentType));
        return new HttpResponse(status, headers, body);
    }

    static HttpResponse empty(int status) {
        return new HttpResponse(status, List.of(), new byte[0]);
    }

    /** A copy with one more header at the end. */
    HttpResponse with(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new HttpResponse(status, more, body);
    }

    Optional<String> header(String name) {
        return HttpWire.first(headers, name);
    }

    /** The body with its Content-Encoding undone (gzip, deflate, br). */
    byte[] decodedBody() throws IOException {
        String encoding = header("content-encoding").orElse(null);
        if (encoding == null || encoding.isBlank()) {
            return body;
        }
        byte[] decoded = BodyDecoding.decodeWhole(body, encoding);
        if (decoded == null) {
            throw new IOException("cannot decode a " + encoding + " response body");
        }
        return decoded;
    }

    String decodedText() throws IOException {
        return new String(decodedBody(), StandardCharsets.UTF_8);
    }
}
