package dev.trygr.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A closed-loop HTTPS load generator: {@code concurrency} threads sending {@code GET path HTTP/1.1} back to back and
 * reading each full response (Content-Length) before the next. With keep-alive each thread holds ONE connection;
 * with {@link Load#newConnections()} every request gets a fresh TCP connection and a full TLS handshake (never a
 * resumed session: each connection has its own key in the client's session cache), naming one of {@link Load#hostNames()} host names in
 * SNI and Host in turn ({@code h0000.bench.test}, {@code h0001.bench.test}, ...), and {@code Connection: close}.
 * Direct: TLS straight to the origin. Proxied: TCP to the proxy, {@code CONNECT host:443}, the 200, then TLS over
 * the same socket. Transparent: TLS straight to trygr's listener, routed by SNI. Always with host name
 * verification and trust in ONE CA only (trygr's when through trygr, the origin's when direct), so a proxy that
 * did not intercept shows up as errors.
 *
 * <p>Time is split into a warm-up (discarded) and a measured window, which ends after the measured duration
 * or once {@code maxRequests} were measured, whichever is first. A request counts as measured when it
 * completes inside the window. Its latency runs from writing the request (new connections: from opening the TCP
 * connection) to reading the last body byte. Hooks run on the coordinating thread right at the window's edges
 * (to sample CPU time).
 */
final class LoadGenerator {
    private static final int PHASE_WARMUP = 0;
    private static final int PHASE_MEASURE = 1;
    private static final int PHASE_DONE = 2;
    private static final int SOCKET_TIMEOUT_MS = 10_000;
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** Where the connections go: TCP to 127.0.0.1:port, then (proxied) CONNECT, then TLS trusting {@code trust}. */
    record Target(int port, boolean viaConnect, SSLContext trust) {
        /** Straight to a TLS server: the origin (direct) or trygr's transparent listener. */
        static Target tls(int port, SSLContext trust) {
            return new Target(port, false, trust);
        }

        static Target proxied(int proxyPort, SSLContext trustTrygr) {
            return new Target(proxyPort, true, trustTrygr);
        }
    }

    /**
     * What each request asks for.
     *
     * @param hostNames with new connections: how many host names to cycle through (0: always bench.test)
     */
    record Load(String path, int bodyBytes, boolean newConnections, int hostNames) {
    }

    /** What one run produced. {@code sent}/{@code completed} include the warm-up. */
    record Result(int concurrency, LatencyHistogram latencies, long windowNanos, long sent, long completed,
                  long errors, String firstError, String tls, long windowStartEpochMicros, long windowEndEpochMicros) {
        double requestsPerSecond() {
            return windowNanos == 0 ? 0 : latencies.count() * 1e9 / windowNanos;
        }
    }

    private final Target target;
    private final int concurrency;
    private final long warmupNanos;
    private final long measureNanos;
    private final long maxRequests;
    private final Load load;
    private final byte[] keepAliveRequest;
    private final AtomicLong connections = new AtomicLong();

    private volatile int phase = PHASE_WARMUP;
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<String> tlsSeen = new AtomicReference<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    LoadGenerator(Target target, Load load, int concurrency, long warmupMillis, long measureMillis,
                  long maxRequests) {
        if (concurrency < 1 || measureMillis < 1 || warmupMillis < 0 || maxRequests < 1) {
            throw new IllegalArgumentException("bad load parameters");
        }
        this.target = target;
        this.concurrency = concurrency;
        this.warmupNanos = TimeUnit.MILLISECONDS.toNanos(warmupMillis);
        this.measureNanos = TimeUnit.MILLISECONDS.toNanos(measureMillis);
        this.maxRequests = maxRequests;
        this.load = load;
        this.keepAliveRequest = request(Origin.HOST, false);
        if (load.newConnections()) {
            // sessions are never resumed (see oneConnectionPerRequest): keep few of them
            target.trust().getClientSessionContext().setSessionCacheSize(16);
        }
    }

    private byte[] request(String host, boolean close) {
        return ("GET " + load.path() + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: trygr-bench/1\r\n"
                + "Accept: application/json\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The host name for the {@code n}th new connection: h0000.bench.test, h0001.bench.test, ... in turn. */
    private String hostName(long n) {
        if (load.hostNames() <= 0) {
            return Origin.HOST;
        }
        return String.format(java.util.Locale.ROOT, "h%04d.%s", n % load.hostNames(), Origin.HOST);
    }

    /**
     * Runs the load and blocks until it is over (bounded: warm-up + window + at most ~15 s to wind down).
     *
     * @param atWindowStart called on this thread when the measured window opens
     * @param atWindowEnd   called on this thread when it closes
     */
    Result run(Runnable atWindowStart, Runnable atWindowEnd) throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker w = new Worker();
            Thread t = new Thread(w, "bench-load-" + i);
            t.setDaemon(true);
            w.thread = t;
            workers.add(w);
        }
        long start = System.nanoTime();
        workers.forEach(w -> w.thread.start());
        sleepUntil(start + warmupNanos, () -> false);
        phase = PHASE_MEASURE;
        long windowStart = System.nanoTime();
        long windowStartEpochMicros = epochMicros();
        atWindowStart.run();
        sleepUntil(windowStart + measureNanos, () -> measured.get() >= maxRequests);
        phase = PHASE_DONE;
        long windowEnd = System.nanoTime();
        long windowEndEpochMicros = epochMicros();
        atWindowEnd.run();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOCKET_TIMEOUT_MS / 1000 + 2);
        for (Worker w : workers) {
            w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        open.forEach(LoadGenerator::closeQuietly);   // anything still stuck (should be nothing)
        for (Worker w : workers) {
            w.thread.join(3_000);
            if (w.thread.isAlive()) {
                noteError("load thread " + w.thread.getName() + " did not stop");
            }
        }
        LatencyHistogram all = new LatencyHistogram();
        workers.forEach(w -> all.add(w.histogram));
        return new Result(concurrency, all, windowEnd - windowStart, sent.get(), completed.get(), errors.get(),
                firstError.get(), tlsSeen.get(), windowStartEpochMicros, windowEndEpochMicros);
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static void sleepUntil(long deadlineNanos, java.util.function.BooleanSupplier early)
            throws InterruptedException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || early.getAsBoolean()) {
                return;
            }
            Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    private void noteError(String what) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, what);
    }

    private final class Worker implements Runnable {
        final LatencyHistogram histogram = new LatencyHistogram();
        Thread thread;

        @Override
        public void run() {
            byte[] scratch = new byte[Math.min(64 * 1024, Math.max(8 * 1024, load.bodyBytes()))];
            while (phase != PHASE_DONE) {
                if (load.newConnections()) {
                    oneConnectionPerRequest(scratch);
                } else {
                    keepAlive(scratch);
                }
            }
        }

        private void keepAlive(byte[] scratch) {
            SSLSocket tls = null;
            try {
                tls = connect(Origin.HOST, 443);
                InputStream in = new BufferedInputStream(tls.getInputStream(), 32 * 1024);
                OutputStream out = tls.getOutputStream();
                while (phase != PHASE_DONE) {
                    long t0 = System.nanoTime();
                    sent.incrementAndGet();
                    out.write(keepAliveRequest);
                    out.flush();
                    readResponse(in, scratch);
                    done(t0);
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
            } finally {
                if (tls != null) {
                    closeQuietly(tls);
                    open.remove(tls);
                }
            }
        }

        private void oneConnectionPerRequest(byte[] scratch) {
            SSLSocket tls = null;
            try {
                long n = connections.getAndIncrement();
                String host = hostName(n);
                long t0 = System.nanoTime();
                sent.incrementAndGet();
                // The JDK caches client sessions by host and port; a port number of its own (used for nothing
                // else: endpoint identification looks at the name only) means no session is ever resumed.
                tls = connect(host, 1 + (int) (n % 65_000));
                OutputStream out = tls.getOutputStream();
                out.write(request(host, true));
                out.flush();
                readResponse(new BufferedInputStream(tls.getInputStream(), 32 * 1024), scratch);
                done(t0);
            } catch (IOException | RuntimeException e) {
                failed(e);
            } finally {
                if (tls != null) {
                    closeQuietly(tls);
                    open.remove(tls);
                }
            }
        }

        private void done(long t0) {
            long t1 = System.nanoTime();
            completed.incrementAndGet();
            if (phase == PHASE_MEASURE) {
                histogram.record(t1 - t0);   // merged after Thread.join (happens-before)
                measured.incrementAndGet();
            }
        }

        private void failed(Exception e) {
            if (phase != PHASE_DONE) {
                noteError(e.getClass().getSimpleName() + ": " + e.getMessage());
                pause(50);   // closed loop: no hot spinning on a proxy that refuses
            }
        }

        private SSLSocket connect(String host, int sessionPort) throws IOException {
            Socket raw = new Socket();
            open.add(raw);
            try {
                raw.setTcpNoDelay(true);
                raw.setSoTimeout(SOCKET_TIMEOUT_MS);
                raw.connect(new InetSocketAddress("127.0.0.1", target.port()), SOCKET_TIMEOUT_MS);
                if (target.viaConnect()) {
                    connectTunnel(raw, host);
                }
                SSLSocket tls = (SSLSocket) target.trust().getSocketFactory()
                        .createSocket(raw, host, sessionPort, true);
                open.add(tls);
                SSLParameters p = tls.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(host)));
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setApplicationProtocols(new String[] {"http/1.1"});
                tls.setSSLParameters(p);
                tls.startHandshake();
                if (tlsSeen.get() == null) {
                    tlsSeen.compareAndSet(null, tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite()
                            + ", server certificate issued by "
                            + ((java.security.cert.X509Certificate) tls.getSession().getPeerCertificates()[0])
                                    .getIssuerX500Principal().getName());
                }
                return tls;
            } catch (IOException | RuntimeException e) {
                closeQuietly(raw);
                throw e;
            } finally {
                open.remove(raw);
            }
        }

        private void connectTunnel(Socket raw, String host) throws IOException {
            OutputStream out = raw.getOutputStream();
            out.write(("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n"
                    + "User-Agent: trygr-bench/1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // read byte by byte (unbuffered): the TLS bytes after the head must stay in the socket
            String head = readHead(raw.getInputStream());
            if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                throw new IOException("CONNECT refused: " + head.lines().findFirst().orElse(""));
            }
        }

        private void readResponse(InputStream in, byte[] scratch) throws IOException {
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("unexpected status: " + head.lines().findFirst().orElse(""));
            }
            long length = -1;
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            if (length < 0) {
                throw new IOException("response without Content-Length");
            }
            int expected = load.bodyBytes() > 0 ? load.bodyBytes() : Origin.SMALL_JSON.length();
            if (length != expected) {
                throw new IOException("body of " + length + " bytes, expected " + expected);
            }
            long left = length;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new EOFException("connection closed inside a body");
                }
                left -= n;
            }
        }
    }

    /** Reads an HTTP head up to and including the blank line; returns it without the final CRLFCRLF. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        int state = 0;   // how much of CR LF CR LF has been matched
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed before a complete head (" + sb.length() + " bytes)");
            }
            sb.append((char) c);
            state = (c == '\r') ? (state == 2 ? 3 : 1) : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                sb.setLength(sb.length() - 4);
                return sb.toString();
            }
            if (sb.length() > MAX_HEAD_BYTES) {
                throw new IOException("head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
