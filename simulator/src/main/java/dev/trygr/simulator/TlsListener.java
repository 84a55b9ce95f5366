package dev.trygr.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS listener on 127.0.0.1 at an ephemeral port: one daemon thread accepts, one thread per connection
 * serves it with blocking I/O. Closing stops accepting and closes every open connection.
 */
final class TlsListener implements AutoCloseable {

    /** Serves one accepted connection until it ends; the listener closes the socket afterwards. */
    @FunctionalInterface
    interface ConnectionHandler {
        void serve(SSLSocket socket) throws IOException;
    }

    private final ServerSocket server;
    private final ConnectionHandler handler;
    private final Consumer<String> log;
    private final ExecutorService workers;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private TlsListener(String name, ServerSocket server, ConnectionHandler handler, Consumer<String> log) {
        this.server = server;
        this.handler = handler;
        this.log = log;
        this.workers = Executors.newCachedThreadPool(daemonThreads(name));
        this.acceptor = daemonThreads(name + "-accept").newThread(this::acceptLoop);
    }

    static TlsListener start(String name, SSLContext context, ConnectionHandler handler, Consumer<String> log)
            throws IOException {
        ServerSocket server = context.getServerSocketFactory()
                .createServerSocket(0, 64, InetAddress.getLoopbackAddress());
        TlsListener listener = new TlsListener(name, server, handler, log);
        listener.acceptor.start();
        return listener;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept("accept failed: " + e.getMessage());
                }
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve((SSLSocket) socket));
            } catch (RuntimeException e) { // rejected after close
                closeQuietly(socket);
            }
        }
    }

    private void serve(SSLSocket socket) {
        try {
            socket.setTcpNoDelay(true);
            handler.serve(socket);
        } catch (SocketException e) {
            if (!closed) {
                log.accept("connection ended: " + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.accept("connection failed: " + e);
            }
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "trygr-sim-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
