package dev.trygr.bench;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.DnsQueried;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureEvent.PushReceived;
import dev.trygr.capture.CaptureEvent.RawBytes;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.ConnectionOutcome;
import dev.trygr.capture.Header;
import dev.trygr.capture.SessionInfo;
import dev.trygr.capture.WriterOptions;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a synthetic capture of N HTTP flows through the real {@link CaptureWriter} (redaction, the Ring/FCM
 * recognizers, batching: the file is what a proxy would leave), for the report benchmark. A day of a busy home:
 * 20 clients (12 Ring apps with hardware_ids, homebridge, browsers), Ring's API and OAuth with hourly refresh-token
 * rotations, FCM setup, third parties (Mixpanel, Facebook, Branch, Crashlytics), a plain-HTTP tracker, 300 other
 * hosts, connections of about 25 flows each, pinned and passed-through hosts, DNS queries and push messages.
 * Deterministic for a given seed.
 *
 * <p>{@code java -cp cli/<out>/trygr.jar:cli/<out>/test-classes dev.trygr.bench.SyntheticCapture FILE [FLOWS]}
 */
public final class SyntheticCapture {
    static final long T0 = 1_790_000_000_000_000L;
    static final long DAY = 86_400_000_000L;
    private static final int CLIENTS = 20;
    private static final int RING_CLIENTS = 12;
    private static final int FLOWS_PER_CONNECTION = 25;
    private static final int FLUSH_EVERY = 4_000;
    private static final String[] DEVICE_IDS = {"684213579", "684213580", "684213581", "684213582", "684213583"};

    /** A destination, its weight among the flows, and the endpoints called there. */
    private record Host(String name, int weight, String scheme, String[] paths) {
    }

    private static final Host[] HOSTS = {
        new Host("api.ring.com", 450, "https", new String[] {"/clients_api/doorbots/%d/health",
            "/clients_api/ring_devices", "/clients_api/profile", "/devices/v1/locations", "/clients_api/dings/active",
            "/clients_api/snapshots/image/%d", "/clients_api/doorbots/%d/history?limit=20"}),
        new Host("app-snaps.ring.com", 50, "https", new String[] {"/snapshots/next/%d?after-ms=0&max-wait-ms=5000"}),
        new Host("prd-api-us.prd.rings.solutions", 80, "https", new String[] {"/api/v1/rs/history",
            "/api/v1/mode/location/%u"}),
        new Host("api.mixpanel.com", 60, "https", new String[] {"/track", "/engage"}),
        new Host("graph.facebook.com", 30, "https", new String[] {"/v12.0/%d/activities"}),
        new Host("api2.branch.io", 20, "https", new String[] {"/v1/open", "/v1/install"}),
        new Host("settings.crashlytics.com", 20, "https", new String[] {"/spi/v2/platforms/android/apps/%h/settings"}),
        new Host("s3.amazonaws.com", 50, "https", new String[] {"/ring-media/%u.jpg"}),
        new Host("telemetry.example.org", 20, "http", new String[] {"/collect?v=1&cid=%u"}),
        new Host("*other", 220, "https", new String[] {"/", "/static/app.%h.js", "/api/items/%d"}),
    };

    private final Random random;
    private final List<CaptureEvent> batch = new ArrayList<>(FLUSH_EVERY + 100);
    private final long[] connectionOf = new long[CLIENTS * HOSTS.length * 400];
    private final int[] flowsOn = new int[connectionOf.length];
    private final Map<Long, String> lastHost = new HashMap<>();
    private long nextConnection;
    private long mcs;
    private int totalWeight;

    private SyntheticCapture(long seed) {
        this.random = new Random(seed);
        for (Host h : HOSTS) {
            totalWeight += h.weight();
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SyntheticCapture FILE [FLOWS]");
            System.exit(2);
        }
        write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000, 42, System.out);
    }

    /** Writes a new capture of {@code flows} flows at {@code file} (which must not exist). */
    public static void write(Path file, int flows, long seed, PrintStream log) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists");
        }
        long started = System.nanoTime();
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(new SessionInfo("0.1.0-synthetic",
                    List.of("transparent@0.0.0.0:443", "reverse:tls://mtalk.google.com:5228@0.0.0.0:5228",
                            "dns@0.0.0.0:53"), "ab".repeat(32), false, false, 1 << 20, Map.of("synthetic", true)));
            WriterOptions options = WriterOptions.defaults().withQueueCapacity(65_536).withBatchSize(2_048)
                    .withMaxBatchDelay(Duration.ofMillis(20));
            try (CaptureWriter writer = capture.writer(session, options)) {
                new SyntheticCapture(seed).run(writer, flows, log, started);
            }
            capture.endSession(session);
        }
        log.printf("synthetic capture: %,d flows in %s (%.0f MiB) in %.0f s%n", flows, file,
                file.toFile().length() / 1048576.0, (System.nanoTime() - started) / 1e9);
    }

    private void run(CaptureWriter writer, int flows, PrintStream log, long started) {
        long step = DAY / flows;
        long[] rotation = new long[RING_CLIENTS];
        for (int i = 0; i < flows; i++) {
            long at = T0 + i * step;
            int client = random.nextInt(CLIENTS);
            if (client < RING_CLIENTS && at - rotation[client] > 3_600_000_000L) {   // hourly token rotation
                rotation[client] = at;
                oauth(client, at);
                i++;
                if (i >= flows) {
                    break;
                }
            }
            flow(client, at);
            if (i % 50 == 0) {
                dns(client, at);
            }
            if (i % 200 == 0) {
                push(at);
            }
            if (batch.size() >= FLUSH_EVERY) {
                flush(writer);
                if (i % 100_000 < FLUSH_EVERY) {
                    log.printf("  %,d flows written (%.0f s)%n", i, (System.nanoTime() - started) / 1e9);
                }
            }
        }
        for (int c = 0; c < connectionOf.length; c++) {
            if (connectionOf[c] != 0) {
                close(connectionOf[c], T0 + DAY, "api.ring.com", ConnectionOutcome.INTERCEPTED);
            }
        }
        pinned();
        if (mcs != 0) {
            batch.add(new ConnectionClosed(mcs, T0 + DAY, ConnectionOutcome.INTERCEPTED, null, "mtalk.google.com", 5228,
                    "142.250.0.188:5228", null, null, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "mcs", 50_000, 900_000,
                    900_000, 50_000, RawBytes.NONE));
        }
        flush(writer);
    }

    private void flush(CaptureWriter writer) {
        for (CaptureEvent e : batch) {
            writer.submit(e);
        }
        batch.clear();
        writer.flush();
    }

    private void flow(int client, long at) {
        Host host = pick();
        String name = host.name().startsWith("*") ? "cdn-" + random.nextInt(300) + ".example.net" : host.name();
        String path = expand(host.paths()[random.nextInt(host.paths().length)]);
        boolean ring = client < RING_CLIENTS;
        List<Header> headers = new ArrayList<>(10);
        headers.add(new Header("host", name));
        headers.add(new Header("User-Agent", ring ? "android:com.ringapp" : client < 16 ? "node" : "Mozilla/5.0"));
        headers.add(new Header("Accept", "application/json"));
        headers.add(new Header("accept-encoding", "br, gzip, deflate"));
        if (ring && name.endsWith("ring.com") || ring && name.endsWith("rings.solutions")) {
            headers.add(new Header("authorization", "Bearer access-" + client + "-" + (at / 3_600_000_000L)));
            headers.add(new Header("hardware_id", hardwareId(client)));
        }
        String method = "GET";
        String requestBody = null;
        if (name.equals("api.mixpanel.com") || name.equals("api2.branch.io") || name.equals("graph.facebook.com")) {
            method = "POST";
            headers.add(new Header("Content-Type", "application/json"));
            requestBody = "{\"event\":\"app_open\",\"properties\":{\"distinct_id\":\"" + hardwareId(client)
                    + "\",\"$os\":\"Android\",\"time\":" + at / 1000 + ",\"screen\":\"dashboard\"}}";
        }
        String responseBody = "{\"id\":" + random.nextInt(1_000_000) + ",\"status\":\"ok\",\"items\":[{\"id\":1,"
                + "\"kind\":\"doorbell_v3\",\"description\":\"Front Door\"},{\"id\":2,\"kind\":\"stickup_cam\"}]}";
        add(client, name, host.scheme(), method, path, headers, requestBody, 200, responseBody, at);
    }

    private void oauth(int client, long at) {
        long hour = at / 3_600_000_000L;
        List<Header> headers = List.of(new Header("host", "oauth.ring.com"), new Header("Content-Type",
                "application/json"), new Header("2fa-support", "true"), new Header("2fa-code", ""),
                new Header("hardware_id", hardwareId(client)), new Header("User-Agent", "android:com.ringapp"));
        String request = "{\"client_id\":\"ring_official_android\",\"scope\":\"client\",\"grant_type\":"
                + "\"refresh_token\",\"refresh_token\":\"refresh-" + client + "-" + (hour - 1) + "-synthetic\"}";
        String response = "{\"access_token\":\"access-" + client + "-" + hour + "\",\"expires_in\":3600,"
                + "\"refresh_token\":\"refresh-" + client + "-" + hour + "-synthetic\",\"scope\":\"client\","
                + "\"token_type\":\"Bearer\"}";
        add(client, "oauth.ring.com", "https", "POST", "/oauth/token", headers, request, 200, response, at);
    }

    private void add(int client, String host, String scheme, String method, String target, List<Header> request,
                     String requestBody, int status, String responseBody, long at) {
        long conn = connection(client, host, scheme, at);
        int q = target.indexOf('?');
        List<Header> response = List.of(new Header("Content-Type", "application/json; charset=utf-8"),
                new Header("Date", "Mon, 01 Jan 2026 00:00:00 GMT"), new Header("Cache-Control", "no-cache"));
        batch.add(new FlowCompleted(conn, at, address(client), 40_000 + client, scheme, method, host,
                scheme.equals("http") ? 80 : 443, target, q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), "HTTP/1.1", request, body(requestBody), status, "OK",
                "HTTP/1.1", response, body(responseBody), at + 200, at + 20_000, at + 25_000, null));
    }

    /** The client's open connection to the host, or a new one after about 25 flows. */
    private long connection(int client, String host, String scheme, long at) {
        int slot = Math.floorMod((client * 31 + host.hashCode()), connectionOf.length);
        if (connectionOf[slot] != 0 && flowsOn[slot] < FLOWS_PER_CONNECTION) {
            flowsOn[slot]++;
            return connectionOf[slot];
        }
        if (connectionOf[slot] != 0) {
            close(connectionOf[slot], at - 1, host, scheme.equals("http") ? ConnectionOutcome.PLAIN
                    : ConnectionOutcome.INTERCEPTED);
        }
        long key = ++nextConnection;
        connectionOf[slot] = key;
        flowsOn[slot] = 1;
        batch.add(new ConnectionOpened(key, at - 5_000, address(client), 40_000 + client, "transparent@0.0.0.0:443",
                "0.0.0.0:443"));
        lastHost.put(key, host);
        return key;
    }

    private void close(long key, long at, String fallbackHost, ConnectionOutcome outcome) {
        String host = lastHost.getOrDefault(key, fallbackHost);
        lastHost.remove(key);
        boolean tls = outcome != ConnectionOutcome.PLAIN;
        batch.add(new ConnectionClosed(key, at, outcome, null, host, tls ? 443 : 80, "203.0.113.10:443",
                tls ? host : null, tls ? "http/1.1" : null, tls ? "TLSv1.3" : null,
                tls ? "TLS_AES_128_GCM_SHA256" : null, "http/1.1", 30_000, 60_000, 60_000, 30_000, RawBytes.NONE));
    }

    /** Pinned hosts (rejected once, passed through after) and a long-lived MCS connection. */
    private void pinned() {
        for (int i = 0; i < 50; i++) {
            long at = T0 + i * (DAY / 50);
            long key = ++nextConnection;
            batch.add(new ConnectionOpened(key, at, address(i % CLIENTS), 41_000 + i, "transparent@0.0.0.0:443",
                    "0.0.0.0:443"));
            ConnectionOutcome outcome = i == 0 ? ConnectionOutcome.REJECTED : ConnectionOutcome.PASSTHROUGH;
            batch.add(new ConnectionClosed(key, at + 60_000_000, outcome, i == 0 ? "client alert: unknown_ca"
                    : "pinned: the client refused interception before", "pinned.example.com", 443,
                    "203.0.113.20:443", "pinned.example.com", null, i == 0 ? "TLSv1.3" : null, null, null, 4_000,
                    90_000, 90_000, 4_000, RawBytes.NONE));
        }
    }

    private void push(long at) {
        if (mcs == 0) {
            mcs = ++nextConnection;
            batch.add(new ConnectionOpened(mcs, at, address(0), 42_000, "reverse:tls://mtalk.google.com:5228@0.0.0.0:5228",
                    "0.0.0.0:5228"));
        }
        byte[] cipher = new byte[180];
        random.nextBytes(cipher);
        batch.add(new PushReceived(mcs, at + 1_000, "0:" + at / 1000 + "%" + Long.toHexString(random.nextLong()),
                "876313859327", "org.chromium.linux", List.of(new Header("crypto-key", "dh=BHqnCBdB6GTrjZI2xOd6x1"),
                new Header("encryption", "salt=lw3k6sMT4j5Hr56m4CDAfg"),
                new Header("subtype", "wp:receiver.push.com#bbc8a797-d8ff-4c24-a6d6-e3c580726279")), cipher));
    }

    private void dns(int client, long at) {
        String name = random.nextInt(3) == 0 ? "api.ring.com" : "cdn-" + random.nextInt(300) + ".example.net";
        boolean local = name.endsWith("ring.com");
        batch.add(new DnsQueried(at - 10_000, address(client), 5353, "udp", random.nextInt(65_536), name, "A",
                local ? "local" : "forwarded", "NOERROR", List.of(local ? "A 192.168.1.2" : "A 198.51.100.7"),
                2_000, null));
    }

    private Host pick() {
        int r = random.nextInt(totalWeight);
        for (Host h : HOSTS) {
            r -= h.weight();
            if (r < 0) {
                return h;
            }
        }
        return HOSTS[0];
    }

    private String expand(String template) {
        return template.replace("%d", DEVICE_IDS[random.nextInt(DEVICE_IDS.length)])
                .replace("%u", new java.util.UUID(random.nextLong(), random.nextLong()).toString())
                .replace("%h", Long.toHexString(random.nextLong() | 0x1000_0000_0000_0000L));
    }

    private static String address(int client) {
        return "192.168.1." + (10 + client);
    }

    private static String hardwareId(int client) {
        return String.format("5f1c%04x-0000-4000-8000-%012x", client, 0xa11ceL + client);
    }

    private static BodySnapshot body(String text) {
        if (text == null) {
            return BodySnapshot.EMPTY;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new BodySnapshot(b, b.length, false, null);
    }
}
