package dev.trygr.proxy.testing;

import dev.trygr.capture.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RawHttpsOrigin} answers. The status line is {@code HTTP/1.1 status reason}; the headers are
 * written as given, in order, after which the origin adds framing it was not given: {@code Content-Length}
 * (or {@code Transfer-Encoding: chunked} when {@code chunked} or the body length is unknown), and
 * {@code Connection: close} when it is going to close. A response that already names
 * {@code Content-Length}/{@code Transfer-Encoding} is trusted as is (lets a test send inconsistent framing).
 *
 * @param status  the status code
 * @param reason  the reason phrase (may be empty)
 * @param headers header lines in order
 * @param body    where the body bytes come from; opened once per response
 * @param chunked whether to send the body with chunked transfer coding
 */
public record Response(int status, String reason, List<Header> headers, BodySource body, boolean chunked) {

    /** A body: its length ({@code -1} when unknown, which forces chunked coding) and a way to stream it. */
    public interface BodySource {
        /** The number of bytes {@link #open()} yields, or -1 when not known in advance. */
        long length();

        /** A fresh stream of the body bytes; the origin closes it. */
        InputStream open() throws IOException;

        /** A body held in memory. */
        static BodySource of(byte[] bytes) {
            byte[] copy = bytes.clone();
            return new BodySource() {
                @Override
                public long length() {
                    return copy.length;
                }

                @Override
                public InputStream open() {
                    return new ByteArrayInputStream(copy);
                }
            };
        }

        /** {@code length} deterministic pseudo-random bytes, generated while writing. */
        static BodySource pseudoRandom(long length, long seed) {
            return new BodySource() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public InputStream open() {
                    return new PseudoRandomStream(length, seed);
                }
            };
        }
    }

    /** Validates and copies the header list. */
    public Response {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(body, "body");
        headers = List.copyOf(headers);
    }

    /** A response with an in-memory body. */
    public static Response of(int status, String reason, List<Header> headers, byte[] body) {
        return new Response(status, reason, headers, BodySource.of(body), false);
    }

    /** {@code 200 OK} with a UTF-8 text body of the given content type. */
    public static Response ok(String contentType, String body) {
        return of(200, "OK", List.of(new Header("Content-Type", contentType)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** This response with one more header line at the end. */
    public Response withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new Response(status, reason, more, body, chunked);
    }

    /** This response sent with (or without) chunked transfer coding. */
    public Response withChunked(boolean chunkedCoding) {
        return new Response(status, reason, headers, body, chunkedCoding);
    }
}
