package dev.trygr.cli;

import dev.trygr.proxy.testing.TestPki;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TLS server on 127.0.0.1 that speaks no HTTP, like the MCS push channel on mtalk.google.com:5228: on each
 * connection it sends {@link #GREETING}, then echoes every byte.
 */
final class TlsEchoOrigin implements AutoCloseable {
    static final byte[] GREETING = {0x7e, 0x01, 0x02, 0x03, 0x04};

    private final SSLServerSocket server;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TlsEchoOrigin(TestPki.Leaf leaf) throws IOException {
        this.server = (SSLServerSocket) leaf.sslContext().getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tls-echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private void accept() {
        while (!closed) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                Thread t = new Thread(() -> echo(socket), "tls-echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    failures.add("accept: " + e);
                }
                return;
            }
        }
    }

    private void echo(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(GREETING);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            if (!closed) {
                failures.add(e.toString());
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
