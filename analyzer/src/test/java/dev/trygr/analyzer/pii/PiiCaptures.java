package dev.trygr.analyzer.pii;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Builds real captures for the personal-data tests: events through {@link Capture} and {@link CaptureWriter}. */
final class PiiCaptures {
    static final long T0 = 1_700_000_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CaptureEvent> events = new ArrayList<>();
    private long key;

    /** A flow with the given parts; the rest is fixed. */
    PiiCaptures flow(String method, String host, String target, List<Header> requestHeaders, byte[] requestBody,
                     int status, List<Header> responseHeaders, byte[] responseBody) {
        long k = ++key;
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        events.add(new FlowCompleted(k, T0 + k * 1000, "127.0.0.1", 50_000 + (int) k, "https", method, host, 443,
                target, path, query, "HTTP/1.1", requestHeaders, body(requestBody), status, "OK", "HTTP/1.1",
                responseHeaders, body(responseBody), T0 + k * 1000 + 10, T0 + k * 1000 + 20, T0 + k * 1000 + 30,
                null));
        return this;
    }

    /** A request with no response body. */
    PiiCaptures send(String method, String host, String target, List<Header> headers, byte[] body) {
        return flow(method, host, target, headers, body, 200, headers("Content-Length", "0"), new byte[0]);
    }

    /** A GET whose JSON response (from Ring, say) carries {@code response}. */
    PiiCaptures respond(String host, String target, Object response) {
        return flow("GET", host, target, headers("Host", host, "Accept", "application/json"), new byte[0], 200,
                headers("Content-Type", "application/json; charset=utf-8"), json(response));
    }

    /** A WebSocket upgrade followed by text messages the client sent. */
    PiiCaptures webSocket(String host, String target, String... clientMessages) {
        flow("GET", host, target, headers("Upgrade", "websocket", "Connection", "Upgrade"), new byte[0], 101,
                headers("Upgrade", "websocket"), new byte[0]);
        for (String m : clientMessages) {
            byte[] payload = m.getBytes(StandardCharsets.UTF_8);
            events.add(new CaptureEvent.WsMessage(key, T0 + key * 1000 + 50, true, 1, payload.length, false, payload,
                    false));
        }
        return this;
    }

    /** A text message the server sent on the last WebSocket. */
    PiiCaptures serverMessage(String message) {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        events.add(new CaptureEvent.WsMessage(key, T0 + key * 1000 + 60, false, 1, payload.length, false, payload,
                false));
        return this;
    }

    /**
     * Writes everything into the capture file (created if need be) as one new session. The writer's queue holds
     * every event, so nothing is dropped and no body is left out however fast they are submitted.
     */
    Path write(Path file, boolean storeSecrets) {
        WriterOptions options = WriterOptions.defaults()
                .withQueueCapacity(Math.max(WriterOptions.DEFAULT_QUEUE_CAPACITY, events.size() * 2 + 16))
                .withHighWaterRatio(1.0);
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(session(storeSecrets));
            try (CaptureWriter writer = capture.writer(session, options)) {
                events.forEach(writer::submit);
            }
            capture.endSession(session);
        }
        events.clear();
        return file;
    }

    static SessionInfo session(boolean storeSecrets) {
        return new SessionInfo("0.1.0-test", List.of("regular@127.0.0.1:8080"), "ab".repeat(32), false,
                storeSecrets, 1 << 20, Map.of());
    }

    static PersonalDataFindings scan(Path file, Path piiFile) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return PersonalDataScan.scan(reader, new PersonalDataOptions(null, piiFile), ProgressListener.NONE);
        }
    }

    static BodySnapshot body(byte[] bytes) {
        return bytes.length == 0 ? BodySnapshot.EMPTY : new BodySnapshot(bytes, bytes.length, false, sha256(bytes));
    }

    static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String hash(String algorithm, String input) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(utf8(input));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
