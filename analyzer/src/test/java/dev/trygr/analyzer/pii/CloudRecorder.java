package dev.trygr.analyzer.pii;

import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureWriter;
import dev.trygr.capture.Header;
import dev.trygr.simulator.SimulatedCloud;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Talks to a {@link SimulatedCloud} over real TLS (SNI = the Ring host, the cloud's CA trusted) and records each
 * exchange into a capture writer as the proxy would: headers in order, bodies as on the wire (gzip kept). One
 * request per connection ({@code Connection: close}).
 */
final class CloudRecorder {
    /** What came back: status, headers, the body as on the wire (de-chunked). */
    record Exchange(int status, List<Header> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                    .orElse(null);
        }
    }

    private final SimulatedCloud cloud;
    private final CaptureWriter writer;
    private final SSLContext tls;
    private long key;
    private long clock = PiiCaptures.T0;

    CloudRecorder(SimulatedCloud cloud, CaptureWriter writer) throws Exception {
        this.cloud = cloud;
        this.writer = writer;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cloud", cloud.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
    }

    Exchange send(String method, String host, String target, List<Header> headers, byte[] body) throws IOException {
        List<Header> sent = new ArrayList<>(headers);
        sent.add(0, new Header("Host", host));
        sent.add(new Header("Connection", "close"));
        if (body.length > 0) {
            sent.add(new Header("Content-Length", Integer.toString(body.length)));
        }
        Exchange response;
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(
                cloud.httpsAddress().getAddress(), cloud.httpsAddress().getPort())) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(host)));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            sent.forEach(h -> head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            response = read(new BufferedInputStream(socket.getInputStream()));
        }
        record(method, host, target, sent, body, response);
        return response;
    }

    /** Records a flow the cloud does not serve (a third party), as if it had answered 204. */
    void recordOnly(String method, String host, String target, List<Header> headers, byte[] body) {
        List<Header> sent = new ArrayList<>(headers);
        sent.add(0, new Header("Host", host));
        record(method, host, target, sent, body, new Exchange(204, List.of(), new byte[0]));
    }

    private void record(String method, String host, String target, List<Header> sent, byte[] body,
                        Exchange response) {
        long k = ++key;
        long t = clock += 1_000_000;
        int q = target.indexOf('?');
        writer.submit(new FlowCompleted(k, t, "127.0.0.1", 40_000 + (int) k, "https", method, host, 443, target,
                q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), "HTTP/1.1", sent,
                PiiCaptures.body(body), response.status(), "OK", "HTTP/1.1", response.headers(),
                PiiCaptures.body(response.body()), t + 100, t + 200, t + 300, null));
    }

    private static Exchange read(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        List<Header> headers = new ArrayList<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.add(new Header(l.substring(0, colon), l.substring(colon + 1).strip()));
        }
        Exchange head = new Exchange(code, headers, new byte[0]);
        String te = head.header("Transfer-Encoding");
        String length = head.header("Content-Length");
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line(in).split(";")[0].strip(), 16); n > 0;
                 n = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                out.write(in.readNBytes(n));
                line(in);
            }
            line(in);
            body = out.toByteArray();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Exchange(code, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line");
            }
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] decoded(Exchange e) throws IOException {
        if ("gzip".equalsIgnoreCase(e.header("Content-Encoding"))) {
            return new java.util.zip.GZIPInputStream(new ByteArrayInputStream(e.body())).readAllBytes();
        }
        return e.body();
    }
}
