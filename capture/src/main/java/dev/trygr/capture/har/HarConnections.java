package dev.trygr.capture.har;

import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureEvent.ConnectionClosed;
import dev.trygr.capture.CaptureEvent.ConnectionOpened;
import dev.trygr.capture.CaptureEvent.RawBytes;
import dev.trygr.capture.ConnectionOutcome;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connection rows of an import. Entries that name their connection (HAR's {@code connection}) or their server
 * ({@code serverIPAddress}) share a connection row per (connection, server, scheme, port), opened at its first flow
 * with mode {@value #MODE} and closed after its last, with the server's address as {@code upstream_address}, so an
 * export gives both back. Entries that name neither get a connection key of their own and no row.
 *
 * <p>At most {@link #OPEN_LIMIT} connections are open at once; the least recently used is closed first (a later flow
 * on it opens a new row).
 */
final class HarConnections {
    static final String MODE = "import:har";
    static final int OPEN_LIMIT = 1024;

    private final class Open {
        final long key;
        final String scheme;
        final String host;
        final int port;
        final String upstream;
        long lastMicros;
        boolean websocket;

        Open(long key, String scheme, String host, int port, String upstream) {
            this.key = key;
            this.scheme = scheme;
            this.host = host;
            this.port = port;
            this.upstream = upstream;
        }

        ConnectionClosed closed() {
            return new ConnectionClosed(key, lastMicros,
                    "https".equals(scheme) ? ConnectionOutcome.INTERCEPTED : ConnectionOutcome.PLAIN, reason, host, port,
                    upstream, null, null, null, null, websocket ? "websocket" : null, 0, 0, 0, 0, RawBytes.NONE);
        }
    }

    private final Consumer<CaptureEvent> submit;
    private final String reason;
    private final Map<String, Open> open = new LinkedHashMap<>(256, 0.75f, true);
    private long nextKey = 1;
    private long rows;

    /** @param harName the HAR file's name, for {@code connections.reason} */
    HarConnections(Consumer<CaptureEvent> submit, String harName) {
        this.submit = submit;
        this.reason = "imported from HAR " + harName;
    }

    /** The connection key for a flow about to be submitted; opens a connection row for it when needed. */
    long keyFor(HarEntry e, HarUrl url, long startedMicros, long endMicros, String clientAddress, int clientPort) {
        if (e.connection() == null && e.serverIp() == null) {
            return nextKey++;
        }
        String id = e.connection() + "|" + e.serverIp() + "|" + url.scheme() + "|" + url.port();
        Open c = open.get(id);
        if (c == null) {
            c = new Open(nextKey++, url.scheme(), url.host(), url.port(), upstream(e.serverIp(), url.port()));
            submit.accept(new ConnectionOpened(c.key, startedMicros, clientAddress, clientPort, MODE, null));
            open.put(id, c);
            rows++;
            closeEldestOverLimit();
        }
        c.lastMicros = Math.max(c.lastMicros, Math.max(startedMicros, endMicros));
        return c.key;
    }

    /** Marks the connection of {@code key} as carrying a WebSocket (an upgrade flow was on it). */
    void upgraded(long key) {
        for (Open c : open.values()) {
            if (c.key == key) {
                c.websocket = true;
                return;
            }
        }
    }

    void closeAll() {
        for (Open c : open.values()) {
            submit.accept(c.closed());
        }
        open.clear();
    }

    /** Connection rows opened. */
    long rows() {
        return rows;
    }

    private void closeEldestOverLimit() {
        if (open.size() <= OPEN_LIMIT) {
            return;
        }
        Iterator<Open> eldest = open.values().iterator();
        submit.accept(eldest.next().closed());
        eldest.remove();
    }

    private static String upstream(String serverIp, int port) {
        if (serverIp == null) {
            return null;
        }
        String ip = serverIp.startsWith("[") && serverIp.endsWith("]") ? serverIp.substring(1, serverIp.length() - 1)
                : serverIp;
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
}
