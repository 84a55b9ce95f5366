package dev.trygr.proxy;

import dev.trygr.proxy.testing.TestPki;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * A blocking HTTP/1.1 client over a raw socket to the proxy, for tests that need byte-exact control: malformed
 * input, pipelining, CONNECT followed by anything. Every read is bounded by a socket timeout.
 */
final class WireClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    record Reply(int status, String head, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    WireClient(int proxyPort) throws IOException {
        socket = new Socket("127.0.0.1", proxyPort);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    WireClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    WireClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends CONNECT and returns the proxy's reply (head only: a 200 has no body). */
    Reply connect(String authority) throws IOException {
        send("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
        return readReply(true);
    }

    /** Starts TLS inside an accepted tunnel, trusting only {@code ca} and checking the name. */
    void startTls(String serverName, X509Certificate ca) throws IOException {
        SSLSocket tls = (SSLSocket) TestPki.trustingOnly(ca).getSocketFactory()
                .createSocket(socket, serverName, 443, true);
        SSLParameters params = tls.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(serverName)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    /**
     * Starts TLS without SNI and without checking the name, as push-receiver does on its MCS connection (it does
     * not check the certificate at all; this trusts only {@code ca}). Returns the certificate the server showed.
     */
    X509Certificate startTlsWithoutSni(X509Certificate ca) throws IOException {
        SSLSocket tls = (SSLSocket) TestPki.trustingOnly(ca).getSocketFactory()
                .createSocket(socket, "127.0.0.1", 443, true);
        SSLParameters params = tls.getSSLParameters();
        params.setServerNames(List.of());
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return (X509Certificate) tls.getSession().getPeerCertificates()[0];
    }

    Reply readReply() throws IOException {
        return readReply(false);
    }

    /** Reads one response: head, then a Content-Length or chunked body (or none for a CONNECT reply). */
    Reply readReply(boolean connectReply) throws IOException {
        String head = readHead();
        if (head == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        byte[] body = new byte[0];
        if (connectReply && status == 200) {
            return new Reply(status, head, body);
        }
        int cl = lower.indexOf("\ncontent-length:");
        if (cl >= 0) {
            int end = lower.indexOf('\r', cl + 1);
            int length = Integer.parseInt(lower.substring(cl + 16, end).trim());
            body = in.readNBytes(length);
        } else if (lower.contains("\ntransfer-encoding: chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine().trim(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                b.write(in.readNBytes(size));
                readLine();
            }
            body = b.toByteArray();
        }
        return new Reply(status, head, body);
    }

    /** Exactly {@code n} bytes (bounded by the socket timeout). */
    byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new IOException("closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** True when the other side closes within the timeout without sending anything more. */
    boolean closedWithoutData() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;   // reset: closed as far as the client can tell
        }
    }

    /** Everything until the other side closes (bounded by the socket timeout). */
    byte[] readToEnd() throws IOException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                return head.length() == 0 ? null : head.toString();
            }
            head.append(line).append("\r\n");
            if (line.isEmpty()) {
                return head.toString();
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
