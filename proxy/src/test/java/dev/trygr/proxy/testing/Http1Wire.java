package dev.trygr.proxy.testing;

import dev.trygr.capture.Header;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Blocking HTTP/1.1 reading and writing for {@link RawHttpsOrigin}; Netty-free, byte-exact. */
final class Http1Wire {

    /** A request head as received. */
    record Head(byte[] raw, String method, String target, String version, List<Header> headers) {}

    /** A request body as received and decoded. */
    record Body(byte[] recorded, long length, String sha256, boolean chunked, List<Header> trailers) {}

    /** The peer violated HTTP/1.1 framing. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private Http1Wire() {}

    /** Reads a request head; {@code null} when the peer closed cleanly before sending a byte. */
    static Head readHead(InputStream in, int maxHeadBytes) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (raw.size() == 0 && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
            if (raw.size() >= maxHeadBytes) {
                throw new ProtocolException("request head larger than " + maxHeadBytes + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                raw.write(b);
                continue;
            }
            raw.write(b);
            String text = stripCr(line.toString(StandardCharsets.ISO_8859_1));
            line.reset();
            if (text.isEmpty()) {
                if (lines.isEmpty()) {
                    raw.reset(); // tolerated empty line before a request line (RFC 9112 section 2.2)
                    continue;
                }
                return parse(raw.toByteArray(), lines);
            }
            lines.add(text);
        }
    }

    private static Head parse(byte[] raw, List<String> lines) throws ProtocolException {
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3) {
            throw new ProtocolException("malformed request line: " + lines.get(0));
        }
        List<Header> headers = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            headers.add(header(l));
        }
        return new Head(raw, requestLine[0], requestLine[1], requestLine[2], headers);
    }

    private static Header header(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new Header(line, "");
        }
        return new Header(line.substring(0, colon), trimOws(line.substring(colon + 1)));
    }

    /** Removes optional whitespace (SP / HTAB) around a field value, nothing else. */
    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Reads and decodes the body the head announces (none when it announces none). */
    static Body readBody(InputStream in, Head head, int cap) throws IOException {
        Recorder recorder = new Recorder(cap);
        List<String> te = values(head.headers(), "Transfer-Encoding");
        if (!te.isEmpty()) {
            String last = te.get(te.size() - 1).toLowerCase(Locale.ROOT);
            if (!last.endsWith("chunked")) {
                throw new ProtocolException("unsupported Transfer-Encoding: " + te);
            }
            List<Header> trailers = readChunked(in, recorder);
            return recorder.finish(true, trailers);
        }
        List<String> cl = values(head.headers(), "Content-Length");
        if (cl.isEmpty()) {
            return recorder.finish(false, List.of());
        }
        if (cl.stream().distinct().count() != 1) {
            throw new ProtocolException("conflicting Content-Length: " + cl);
        }
        long length;
        try {
            length = Long.parseLong(cl.get(0).trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad Content-Length: " + cl.get(0));
        }
        if (length < 0) {
            throw new ProtocolException("negative Content-Length");
        }
        copy(in, length, recorder);
        return recorder.finish(false, List.of());
    }

    private static List<Header> readChunked(InputStream in, Recorder recorder) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size line: " + sizeLine);
            }
            if (size < 0) {
                throw new ProtocolException("negative chunk size");
            }
            if (size == 0) {
                List<Header> trailers = new ArrayList<>();
                for (String l; !(l = readLine(in)).isEmpty(); ) {
                    trailers.add(header(l));
                }
                return trailers;
            }
            copy(in, size, recorder);
            if (!readLine(in).isEmpty()) {
                throw new ProtocolException("chunk data not followed by CRLF");
            }
        }
    }

    private static void copy(InputStream in, long length, Recorder recorder) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes outstanding");
            }
            recorder.add(buffer, n);
            remaining -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("line longer than " + MAX_LINE);
            }
            line.write(b);
        }
        return stripCr(line.toString(StandardCharsets.ISO_8859_1));
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Values of a header (case-insensitive name). */
    static List<String> values(List<Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** Whether any header {@code name} lists {@code token} (comma-separated, case-insensitive). */
    static boolean hasToken(List<Header> headers, String name, String token) {
        return values(headers, name).stream()
                .flatMap(v -> List.of(v.split(",")).stream())
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    /** Writes {@code 100 Continue}. */
    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes a response; the body is omitted for HEAD requests and 1xx/204/304 statuses. */
    static void writeResponse(OutputStream out, Response response, boolean headRequest, boolean close)
            throws IOException {
        long length = response.body().length();
        boolean chunked = response.chunked() || length < 0;
        boolean noBody = headRequest || response.status() / 100 == 1 || response.status() == 204
                || response.status() == 304;
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(response.reason()).append("\r\n");
        for (Header h : response.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        boolean framed = !values(response.headers(), "Content-Length").isEmpty()
                || !values(response.headers(), "Transfer-Encoding").isEmpty();
        if (!framed && response.status() / 100 != 1 && response.status() != 204) {
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
        }
        if (close && !hasToken(response.headers(), "Connection", "close")) {
            head.append("Connection: close\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody) {
            try (InputStream body = response.body().open()) {
                writeBody(out, body, chunked);
            }
        }
        out.flush();
    }

    private static void writeBody(OutputStream out, InputStream body, boolean chunked) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        for (int n; (n = body.read(buffer)) > 0; ) {
            if (chunked) {
                out.write(Integer.toHexString(n).getBytes(StandardCharsets.US_ASCII));
                out.write(CRLF);
                out.write(buffer, 0, n);
                out.write(CRLF);
            } else {
                out.write(buffer, 0, n);
            }
        }
        if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Keeps the first {@code cap} body bytes, counts and hashes them all. */
    private static final class Recorder {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final MessageDigest digest = PseudoRandomStream.sha256Digest();
        private final int cap;
        private long length;

        Recorder(int cap) {
            this.cap = cap;
        }

        void add(byte[] bytes, int n) {
            digest.update(bytes, 0, n);
            length += n;
            int keep = Math.min(n, Math.max(0, cap - kept.size()));
            kept.write(bytes, 0, keep);
        }

        Body finish(boolean chunked, List<Header> trailers) {
            return new Body(kept.toByteArray(), length, HexFormat.of().formatHex(digest.digest()), chunked,
                    trailers);
        }
    }
}
