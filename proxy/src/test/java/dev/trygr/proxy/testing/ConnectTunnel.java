package dev.trygr.proxy.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal blocking CONNECT-only proxy on 127.0.0.1 that records each CONNECT head; used by the fixture
 * self-tests to prove that {@link ProxiedClients} and {@link CurlRunner} really go through a proxy.
 */
final class ConnectTunnel implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<String> connectHeads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ConnectTunnel() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The raw heads of the CONNECT requests received, in order. */
    List<String> connectHeads() {
        return List.copyOf(connectHeads);
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        sockets.forEach(ConnectTunnel::quietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                start(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            Http1Wire.Head head = Http1Wire.readHead(in, 64 * 1024);
            if (head == null || !"CONNECT".equals(head.method())) {
                return;
            }
            connectHeads.add(new String(head.raw(), StandardCharsets.ISO_8859_1));
            int colon = head.target().lastIndexOf(':');
            try (Socket upstream = new Socket(head.target().substring(0, colon),
                    Integer.parseInt(head.target().substring(colon + 1)))) {
                sockets.add(upstream);
                OutputStream toClient = client.getOutputStream();
                toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                Thread back = start(() -> pump(upstream, client));
                pump(in, upstream);
                back.join(5_000);
            }
        } catch (IOException | RuntimeException e) {
            // the client or upstream went away; nothing to record
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            pump(from.getInputStream(), to);
        } catch (IOException e) {
            // closed
        }
    }

    private static void pump(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            quietly(to);
        }
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r, "connect-tunnel");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
