package dev.trygr.proxy.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 origin on 127.0.0.1 (ephemeral port), over real TLS (JDK {@code SSLServerSocket}
 * presenting a {@link TestPki.Leaf}) or plain TCP, that records exactly what it receives: for every request
 * the raw head bytes, the parsed request line and header lines in order (case, duplicates, underscores and
 * empty values kept), and the decoded body (Content-Length or chunked; first {@code maxRecordedBody} bytes
 * kept, full length and SHA-256 always). See {@link RecordedRequest}.
 *
 * <p>One daemon thread per connection (bounded; connections beyond the cap are closed at once and counted
 * in {@link #connectionsRejected()}). Connections are kept alive for any number of requests until the client
 * closes, sends {@code Connection: close} (or is HTTP/1.0 without keep-alive), or the {@link Responder}
 * declines to answer. {@code Expect: 100-continue} is answered with {@code 100 Continue}. A request is
 * recorded before its response is written, so once a client has its response the request is visible.
 *
 * <pre>{@code
 * try (RawHttpsOrigin origin = RawHttpsOrigin.builder().tls(leaf).responder(Responder.json("{}")).start()) {
 *     ... send to origin.uri("/path") ...
 *     RecordedRequest r = origin.awaitRequests(1, Duration.ofSeconds(5)).get(0);
 * }
 * }</pre>
 */
public final class RawHttpsOrigin implements AutoCloseable {

    private static final int SO_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_HEAD_BYTES = 256 * 1024;

    private final ServerSocket server;
    private final boolean tls;
    private final Responder responder;
    private final boolean closeImmediately;
    private final int maxRecordedBody;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<String> protocols = new CopyOnWriteArrayList<>();
    private final List<String> snis = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RawHttpsOrigin(Builder b) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.tls = b.leaf != null;
        this.server = tls
                ? b.leaf.sslContext().getServerSocketFactory().createServerSocket(0, 64, loopback)
                : new ServerSocket(0, 64, loopback);
        this.responder = b.responder;
        this.closeImmediately = b.closeImmediately;
        this.maxRecordedBody = b.maxRecordedBody;
        this.workers = new ThreadPoolExecutor(0, b.maxConnections, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "raw-origin-" + server.getLocalPort() + "-conn"));
        this.acceptor = daemon(this::acceptLoop, "raw-origin-" + server.getLocalPort() + "-accept");
        acceptor.start();
    }

    /** A builder: plain TCP, {@code {"ok":true}} JSON responder, 1 MiB body recording cap, 64 connections. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a TLS origin presenting {@code leaf} and answering with {@code responder}. */
    public static RawHttpsOrigin startTls(TestPki.Leaf leaf, Responder responder) throws IOException {
        return builder().tls(leaf).responder(responder).start();
    }

    /** Starts a plain-TCP origin answering with {@code responder}. */
    public static RawHttpsOrigin startPlain(Responder responder) throws IOException {
        return builder().responder(responder).start();
    }

    /** Hex SHA-256 of the body that {@link Responder#streaming(long, long)} sends for these arguments. */
    public static String sha256OfStream(long totalBytes, long seed) {
        return PseudoRandomStream.sha256(totalBytes, seed);
    }

    /** The listening port on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** Whether this origin speaks TLS. */
    public boolean isTls() {
        return tls;
    }

    /** {@code https://localhost:port/path} (or {@code http://} when plain); {@code pathAndQuery} starts with /. */
    public URI uri(String pathAndQuery) {
        return uri("localhost", pathAndQuery);
    }

    /** {@code scheme://host:port/path}, for a host name that resolves (or is connected) to this origin. */
    public URI uri(String host, String pathAndQuery) {
        return URI.create((tls ? "https://" : "http://") + host + ":" + port() + pathAndQuery);
    }

    /** A snapshot of the requests recorded so far, in the order they completed. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Waits until at least {@code n} requests were recorded and returns the snapshot.
     *
     * @throws AssertionError when fewer arrived within {@code timeout}
     */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " request(s) within " + timeout + ", got "
                            + requests.size() + ": " + requests + "; failures: " + failures);
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
            return List.copyOf(requests);
        }
    }

    /** The number of TCP connections accepted (including ones closed at once or rejected). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** The number of connections closed at once because {@code maxConnections} were busy. */
    public int connectionsRejected() {
        return rejected.get();
    }

    /** The TLS protocol negotiated on each handshaked connection, in handshake order. */
    public List<String> tlsProtocolsSeen() {
        return List.copyOf(protocols);
    }

    /** The SNI host name of each handshaked connection, in handshake order; {@code ""} when none was sent. */
    public List<String> sniSeen() {
        return List.copyOf(snis);
    }

    /** What went wrong on connections: failed handshakes, malformed requests, resets (messages, in order). */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Closes the listener and every connection, and waits briefly for the threads to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(RawHttpsOrigin::closeQuietly);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    failures.add("accept: " + e);
                }
                return;
            }
            int number = accepted.incrementAndGet();
            if (closeImmediately) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            try {
                workers.execute(() -> serve(socket, number));
            } catch (RejectedExecutionException e) {
                rejected.incrementAndGet();
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            socket.setSoTimeout(SO_TIMEOUT_MILLIS);
            String protocol = null;
            String sni = null;
            if (socket instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    failures.add("connection " + connection + " TLS handshake failed: " + e);
                    return;
                }
                SSLSession session = ssl.getSession();
                protocol = session.getProtocol();
                sni = sniOf(session);
                protocols.add(protocol);
                snis.add(sni == null ? "" : sni);
            }
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
            for (int index = 1; !closed; index++) {
                if (!exchange(in, out, connection, index, protocol, sni)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failures.add("connection " + connection + ": " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    /** One request/response; false when the connection is to end. */
    private boolean exchange(InputStream in, OutputStream out, int connection, int index, String protocol,
            String sni) throws IOException {
        Http1Wire.Head head = Http1Wire.readHead(in, MAX_HEAD_BYTES);
        if (head == null) {
            return false;
        }
        if (Http1Wire.hasToken(head.headers(), "Expect", "100-continue")) {
            Http1Wire.writeContinue(out);
        }
        Http1Wire.Body body = Http1Wire.readBody(in, head, maxRecordedBody);
        RecordedRequest request = new RecordedRequest(connection, index, head.raw(), head.method(),
                head.target(), head.version(), head.headers(), body.recorded(), body.length(), body.sha256(),
                body.chunked(), body.trailers(), protocol, sni);
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
        Response response;
        try {
            response = responder.respond(request);
        } catch (IOException | RuntimeException e) {
            failures.add("connection " + connection + " responder threw: " + e);
            return false;
        }
        if (response == null) {
            return false;
        }
        boolean close = Http1Wire.hasToken(head.headers(), "Connection", "close")
                || Http1Wire.hasToken(response.headers(), "Connection", "close")
                || ("HTTP/1.0".equals(head.version())
                        && !Http1Wire.hasToken(head.headers(), "Connection", "keep-alive"));
        Http1Wire.writeResponse(out, response, "HEAD".equals(head.method()), close);
        return !close;
    }

    private static String sniOf(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    /** Configures and starts a {@link RawHttpsOrigin}. */
    public static final class Builder {
        private TestPki.Leaf leaf;
        private Responder responder = Responder.json("{\"ok\":true}");
        private boolean closeImmediately;
        private int maxRecordedBody = 1024 * 1024;
        private int maxConnections = 64;

        private Builder() {}

        /** Serve TLS presenting this leaf (without it: plain TCP). */
        public Builder tls(TestPki.Leaf serverLeaf) {
            this.leaf = Objects.requireNonNull(serverLeaf);
            return this;
        }

        /** How to answer each request. */
        public Builder responder(Responder r) {
            this.responder = Objects.requireNonNull(r);
            return this;
        }

        /** Fault mode: accept each connection and close it at once (before any TLS handshake or byte). */
        public Builder closeImmediately() {
            this.closeImmediately = true;
            return this;
        }

        /** How many body bytes of each request to keep (length and SHA-256 always cover the whole body). */
        public Builder maxRecordedBody(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes < 0");
            }
            this.maxRecordedBody = bytes;
            return this;
        }

        /** How many connections are served at the same time. */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("connections < 1");
            }
            this.maxConnections = connections;
            return this;
        }

        /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
        public RawHttpsOrigin start() throws IOException {
            return new RawHttpsOrigin(this);
        }
    }
}
