package dev.trygr.simulator;

import dev.trygr.capture.Header;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * The scripted clients' HTTP/1.1 client, on {@link SSLSocket} rather than the JDK's HttpClient because the route
 * decides where the TCP connection goes and which SNI is sent independently of the host name (HttpClient has
 * neither a resolver nor an SNI hook in Java 17), and because it must send header names exactly as given
 * ({@code hardware_id}, an empty {@code 2fa-code}). Keeps one idle connection per host like undici's keep-alive
 * agent; a request that finds its reused connection closed before any response byte is retried once on a new one.
 */
final class HttpsClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private record Connection(SSLSocket socket, InputStream in, OutputStream out) {
    }

    private final TlsDialer dialer;
    private final Map<String, Connection> idle = new HashMap<>();

    HttpsClient(TlsDialer dialer) {
        this.dialer = dialer;
    }

    /**
     * Sends {@code method target} to {@code https://host}; {@code host} goes first as undici sends it, then
     * {@code headers} in order, then Content-Length for a body.
     */
    HttpResponse send(String host, String method, String target, List<Header> headers, byte[] body)
            throws IOException {
        List<Header> all = new ArrayList<>(headers.size() + 2);
        all.add(new Header("host", host));
        all.addAll(headers);
        if (body != null && !method.equals("GET") && HttpWire.first(headers, "content-length").isEmpty()) {
            all.add(new Header("content-length", Integer.toString(body.length)));
        }
        HttpRequest request = new HttpRequest(method, target, all, body);
        Connection reused = take(host);
        if (reused != null) {
            try {
                HttpResponse response = exchange(reused, request);
                if (response != null) {
                    return finish(host, reused, request, response);
                }
            } catch (EOFException | SocketException e) {
                // the server closed the idle connection; fall through to a fresh one
            }
            TlsListener.closeQuietly(reused.socket());
        }
        Connection fresh = open(host);
        try {
            HttpResponse response = exchange(fresh, request);
            if (response == null) {
                throw new EOFException("https://" + host + " closed the connection without a response");
            }
            return finish(host, fresh, request, response);
        } catch (IOException | RuntimeException e) {
            TlsListener.closeQuietly(fresh.socket());
            throw e;
        }
    }

    private HttpResponse exchange(Connection connection, HttpRequest request) throws IOException {
        HttpWire.writeRequest(connection.out(), request);
        return HttpWire.readResponse(connection.in(), request.method());
    }

    private HttpResponse finish(String host, Connection connection, HttpRequest request, HttpResponse response) {
        boolean close = request.header("connection").map("close"::equalsIgnoreCase).orElse(false)
                || response.header("connection").map("close"::equalsIgnoreCase).orElse(false)
                || (response.header("content-length").isEmpty() && response.header("transfer-encoding").isEmpty()
                        && response.status() != 204 && response.status() != 304);
        if (close) {
            TlsListener.closeQuietly(connection.socket());
        } else {
            release(host, connection);
        }
        return response;
    }

    private Connection open(String host) throws IOException {
        SSLSocket socket = dialer.open(host, 443, READ_TIMEOUT_MILLIS);
        return new Connection(socket, new BufferedInputStream(socket.getInputStream()),
                new BufferedOutputStream(socket.getOutputStream()));
    }

    private synchronized Connection take(String host) {
        return idle.remove(host);
    }

    private synchronized void release(String host, Connection connection) {
        Connection previous = idle.put(host, connection);
        if (previous != null) {
            TlsListener.closeQuietly(previous.socket());
        }
    }

    @Override
    public synchronized void close() {
        for (Connection c : idle.values()) {
            TlsListener.closeQuietly(c.socket());
        }
        idle.clear();
    }
}
