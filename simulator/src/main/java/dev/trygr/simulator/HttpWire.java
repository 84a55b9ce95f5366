package dev.trygr.simulator;

import dev.trygr.capture.Header;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 message framing for the simulator's server and clients, on blocking streams: start line, header
 * lines kept exactly as sent, bodies by Content-Length, chunked, or (responses) until the connection closes.
 * Bounded: a line over 16 KiB, more than 128 headers or a body over 8 MiB is a {@link MalformedHttpException}.
 */
final class HttpWire {
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 128;
    static final int MAX_BODY = 8 * 1024 * 1024;

    private HttpWire() {
    }

    /** A request that cannot be parsed; the server answers 400 and closes. */
    static final class MalformedHttpException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedHttpException(String message) {
            super(message);
        }
    }

    static Optional<String> first(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** The next request, or null when the peer closed cleanly before sending a byte of it. */
    static HttpRequest readRequest(InputStream in) throws IOException {
        String line = readLine(in, true);
        while (line != null && line.isEmpty()) {
            line = readLine(in, true); // tolerate stray CRLF between requests (RFC 9112 §2.2)
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new MalformedHttpException("malformed request line: " + abbreviate(line));
        }
        List<Header> headers = readHeaders(in);
        byte[] body = readBody(in, headers, false);
        return new HttpRequest(parts[0], parts[1], headers, body);
    }

    /** The response to a request with {@code method}, or null when the peer closed before sending a byte. */
    static HttpResponse readResponse(InputStream in, String method) throws IOException {
        String line = readLine(in, true);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new MalformedHttpException("malformed status line: " + abbreviate(line));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new MalformedHttpException("malformed status code: " + abbreviate(line));
        }
        List<Header> headers = readHeaders(in);
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status < 200;
        return new HttpResponse(status, headers, noBody ? new byte[0] : readBody(in, headers, true));
    }

    static void writeRequest(OutputStream out, HttpRequest request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        writeMessage(out, head, request.headers(), request.body(), !request.method().equals("GET"));
    }

    static void writeResponse(OutputStream out, HttpResponse response) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
                .append("\r\n");
        boolean mayHaveBody = response.status() != 204 && response.status() != 304;
        writeMessage(out, head, response.headers(), mayHaveBody ? response.body() : new byte[0], mayHaveBody);
    }

    /**
     * Writes the headers as given; adds {@code Content-Length} when neither it nor Transfer-Encoding is present
     * (and a length is meaningful), and writes a chunked body as a single chunk.
     */
    private static void writeMessage(OutputStream out, StringBuilder head, List<Header> headers, byte[] body,
            boolean lengthMeaningful) throws IOException {
        boolean chunked = first(headers, "transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
        for (Header h : headers) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (!chunked && first(headers, "content-length").isEmpty() && (lengthMeaningful || body.length > 0)) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            if (body.length > 0) {
                out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write(CRLF);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(body);
        }
        out.flush();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static List<Header> readHeaders(InputStream in) throws IOException {
        List<Header> headers = new ArrayList<>();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new MalformedHttpException("malformed header line: " + abbreviate(line));
            }
            if (headers.size() == MAX_HEADERS) {
                throw new MalformedHttpException("more than " + MAX_HEADERS + " header lines");
            }
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, List<Header> headers, boolean untilCloseAllowed)
            throws IOException {
        Optional<String> te = first(headers, "transfer-encoding");
        if (te.isPresent()) {
            if (!te.get().toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                throw new MalformedHttpException("unsupported Transfer-Encoding: " + te.get());
            }
            return readChunked(in);
        }
        Optional<String> cl = first(headers, "content-length");
        if (cl.isPresent()) {
            long length;
            try {
                length = Long.parseLong(cl.get().strip());
            } catch (NumberFormatException e) {
                throw new MalformedHttpException("malformed Content-Length: " + abbreviate(cl.get()));
            }
            if (length < 0 || length > MAX_BODY) {
                throw new MalformedHttpException("Content-Length out of range: " + length);
            }
            return readExactly(in, (int) length);
        }
        return untilCloseAllowed ? readToEnd(in) : new byte[0];
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedHttpException("malformed chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new MalformedHttpException("chunked body larger than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in, false).isEmpty()) {
                throw new MalformedHttpException("chunk not followed by CRLF");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new MalformedHttpException("body larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    /** A line without its CRLF (a bare LF is accepted); null at a clean EOF before the first byte if allowed. */
    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedHttpException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 421 -> "Misdirected Request";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
