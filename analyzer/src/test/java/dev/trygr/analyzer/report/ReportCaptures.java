package dev.trygr.analyzer.report;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.RawBytes;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds real captures for the report tests: events through {@link Capture} and {@link CaptureWriter}. */
final class ReportCaptures {
    static final long T0 = 1_700_000_000_000_000L;

    private final List<CaptureEvent> events = new ArrayList<>();
    private boolean upstreamInsecure;
    private boolean storeSecrets;
    private long key;
    private long clock = T0;

    ReportCaptures upstreamInsecure() {
        upstreamInsecure = true;
        return this;
    }

    ReportCaptures storeSecrets() {
        storeSecrets = true;
        return this;
    }

    /** One connection to {@code host}, closed with {@code outcome}; returns its key for the flows on it. */
    long connection(String host, String mode, ConnectionOutcome outcome, String sni, String tls, String reason) {
        long k = ++key;
        clock += 1000;
        events.add(new ConnectionOpened(k, clock, "192.168.1.20", 40_000 + (int) k, mode, "127.0.0.1:8443"));
        events.add(new ConnectionClosed(k, clock + 500_000, outcome, reason, host, 443, "203.0.113.7:443", sni,
                sni == null ? null : "http/1.1", tls, tls == null ? null : "TLS_AES_128_GCM_SHA256",
                outcome == ConnectionOutcome.INTERCEPTED || outcome == ConnectionOutcome.PLAIN ? "http/1.1" : null,
                1000 * k, 2000 * k, 2000 * k, 1000 * k, RawBytes.NONE));
        return k;
    }

    /** An intercepted TLS connection to {@code host} (SNI, TLS 1.3, transparent mode). */
    long tls(String host) {
        return connection(host, "transparent@0.0.0.0:443", ConnectionOutcome.INTERCEPTED, host, "TLSv1.3", null);
    }

    /** A flow on connection {@code conn}. */
    ReportCaptures flow(long conn, String scheme, String method, String host, String target, List<Header> request,
                        String requestBody, int status, List<Header> response, String responseBody) {
        clock += 1000;
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        events.add(new FlowCompleted(conn, clock, "192.168.1.20", 40_000 + (int) conn, scheme, method, host,
                scheme.equals("http") ? 80 : 443, target, path, query, "HTTP/1.1", request, body(requestBody), status,
                "OK", "HTTP/1.1", response, body(responseBody), clock + 10, clock + 20, clock + 30, null));
        return this;
    }

    ReportCaptures get(long conn, String host, String target, List<Header> request) {
        return flow(conn, "https", "GET", host, target, request, null, 200,
                headers("Content-Type", "application/json"), "{\"ok\":true,\"items\":[{\"id\":1}]}");
    }

    ReportCaptures dns(String name, String outcome) {
        clock += 1000;
        events.add(new DnsQueried(clock, "192.168.1.20", 5353, "udp", 7, name, "A", outcome, "NOERROR",
                List.of("A 192.0.2.1"), 500, null));
        return this;
    }

    ReportCaptures event(CaptureEvent e) {
        events.add(e);
        return this;
    }

    /** Writes the events into a new capture at {@code file}, in one session. */
    Path write(Path file) {
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(new SessionInfo("0.1.0-test", List.of("transparent@0.0.0.0:443"),
                    "ab".repeat(32), upstreamInsecure, storeSecrets, 1 << 20, Map.of("test", true)));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                for (CaptureEvent e : events) {
                    writer.submit(e);
                }
                writer.flush();
            }
            capture.endSession(session);
        }
        return file;
    }

    static List<Header> headers(String... nameValues) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    private static BodySnapshot body(String text) {
        if (text == null) {
            return BodySnapshot.EMPTY;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new BodySnapshot(b, b.length, false, null);
    }
}
