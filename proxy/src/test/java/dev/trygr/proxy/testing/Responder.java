package dev.trygr.proxy.testing;

import dev.trygr.capture.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chooses {@link RawHttpsOrigin}'s answer to a recorded request. Called on the connection's thread after the
 * request (with its body) has been recorded. Returning {@code null} — or throwing — closes the connection
 * without any response (an upstream that dies mid-exchange).
 */
@FunctionalInterface
public interface Responder {

    /** The response to {@code request}, or {@code null} to close the connection without answering. */
    Response respond(RecordedRequest request) throws IOException;

    /** {@code 200 OK}, {@code Content-Type: application/json}, the given body, for every request. */
    static Responder json(String json) {
        return json(200, json);
    }

    /** The given status (reason {@code "Status"} unless it is 200), JSON content type and body. */
    static Responder json(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return request -> Response.of(status, status == 200 ? "OK" : "Status",
                List.of(new Header("Content-Type", "application/json")), bytes);
    }

    /**
     * {@code 200 OK} whose body is the request body as recorded (so at most the recording cap), with the
     * request's Content-Type (default {@code application/octet-stream}) and {@code X-Request-Body-Sha256}
     * set to the SHA-256 of the full request body.
     */
    static Responder echo() {
        return request -> Response.of(200, "OK", List.of(
                new Header("Content-Type", request.header("Content-Type").orElse("application/octet-stream")),
                new Header("X-Request-Body-Sha256", request.bodySha256())), request.body());
    }

    /**
     * {@code 200 OK} with {@code Content-Length: totalBytes} and a body of deterministic pseudo-random bytes
     * generated while writing (never held in memory); compare with
     * {@link RawHttpsOrigin#sha256OfStream(long, long)}.
     */
    static Responder streaming(long totalBytes, long seed) {
        return request -> new Response(200, "OK", List.of(new Header("Content-Type", "application/octet-stream")),
                Response.BodySource.pseudoRandom(totalBytes, seed), false);
    }

    /** Like {@link #streaming(long, long)} but sent with {@code Transfer-Encoding: chunked}. */
    static Responder streamingChunked(long totalBytes, long seed) {
        Responder plain = streaming(totalBytes, seed);
        return request -> plain.respond(request).withChunked(true);
    }

    /** Closes every connection after reading the request, without a response. */
    static Responder noResponse() {
        return request -> null;
    }
}
