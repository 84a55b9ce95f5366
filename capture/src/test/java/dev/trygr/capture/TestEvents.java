package dev.trygr.capture;

import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.RawBytes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds capture events and session infos for tests, with fixed, readable values. */
final class TestEvents {
    static final long T0 = 1_700_000_000_000_000L;

    private TestEvents() {
    }

    static SessionInfo session(boolean storeSecrets) {
        return new SessionInfo("0.1.0-test", List.of("regular@127.0.0.1:8080"), "ab".repeat(32), false,
                storeSecrets, 1 << 20, Map.of("max-body", 1 << 20, "intercept", List.of("*.ring.com")));
    }

    static ConnectionOpened opened(long key) {
        return new ConnectionOpened(key, T0 + key, "127.0.0.1", 50_000 + (int) key, "regular@127.0.0.1:8080",
                "127.0.0.1:8080");
    }

    static ConnectionClosed closed(long key) {
        return new ConnectionClosed(key, T0 + 1_000_000 + key, ConnectionOutcome.INTERCEPTED, null,
                "api.ring.com", 443, "52.1.2.3:443", "api.ring.com", "http/1.1", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", "http/1.1", 100, 200, 300, 400, RawBytes.NONE);
    }

    static BodySnapshot body(byte[] bytes) {
        return new BodySnapshot(bytes, bytes.length, false, sha256(bytes));
    }

    static BodySnapshot body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete exchange with the given parts; the rest is fixed. */
    static FlowCompleted flow(long key, String method, String host, String target, List<Header> requestHeaders,
                              BodySnapshot requestBody, int status, List<Header> responseHeaders,
                              BodySnapshot responseBody) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        return new FlowCompleted(key, T0 + 10, "127.0.0.1", 50_001, "https", method, host, 443, target, path,
                query, "HTTP/1.1", requestHeaders, requestBody, status, status == 0 ? null : "OK",
                status == 0 ? null : "HTTP/1.1", responseHeaders, responseBody, T0 + 20, status == 0 ? 0 : T0 + 30,
                status == 0 ? 0 : T0 + 40, null);
    }

    /** A GET to host with no bodies. */
    static FlowCompleted get(long key, String host) {
        return flow(key, "GET", host, "/", List.of(new Header("Host", host)), BodySnapshot.EMPTY, 200,
                List.of(new Header("Content-Length", "0")), BodySnapshot.EMPTY);
    }

    /** A POST whose request and response bodies both hold {@code size} bytes. */
    static FlowCompleted withBodies(long key, int size) {
        byte[] bytes = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
        return flow(key, "POST", "api.ring.com", "/upload/" + key,
                List.of(new Header("Content-Type", "application/octet-stream")), body(bytes), 200,
                List.of(new Header("Content-Type", "application/octet-stream")), body(bytes));
    }

    static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A plain JDBC connection, for tests that look under the store. */
    static Connection jdbc(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
