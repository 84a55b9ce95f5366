package dev.trygr.cli;

import dev.trygr.proxy.testing.TestPki;

import javax.net.ssl.SSLServerSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket echo server over TLS on 127.0.0.1 (plain JDK, RFC 6455, no extensions): it answers the upgrade
 * with 101, then every text message with {@code echo:<message>}, pings with pongs, and a close with a close.
 * It keeps the request paths and the messages it received.
 */
final class WebSocketEchoOrigin implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final SSLServerSocket server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    WebSocketEchoOrigin(TestPki.Leaf leaf) throws IOException {
        this.server = (SSLServerSocket) leaf.sslContext().getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "ws-origin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request target of every upgrade, in order. */
    List<String> paths() {
        return List.copyOf(paths);
    }

    /** Every text message received, in order. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "ws-origin-conn");
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

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            String key = null;
            String requestLine = line(in);
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                    key = header.substring(colon + 1).trim();
                }
            }
            paths.add(requestLine.split(" ")[1]);
            if (key == null) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = first & 0x0f;
                if (opcode == 1) {
                    String text = new String(payload, StandardCharsets.UTF_8);
                    messages.add(text);
                    frame(out, 1, ("echo:" + text).getBytes(StandardCharsets.UTF_8));
                } else if (opcode == 9) {
                    frame(out, 10, payload);
                } else if (opcode == 8) {
                    frame(out, 8, payload);
                    return;
                }
            }
        } catch (EOFException e) {
            // the client went away without a close frame
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failures.add(e.toString());
            }
        }
    }

    private static void frame(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("end of stream in the upgrade request");
            }
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
