package dev.trygr.bench;

import dev.trygr.proxy.testing.TestPki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Arrays;

/**
 * The HTTPS origin the benchmark talks to, on 127.0.0.1: {@link NginxOrigin} (Debian's nginx, when installed) or
 * {@link NettyOrigin}. Both serve the same bytes: {@code GET /small} answers {@link #SMALL_JSON}, {@code GET
 * /b/N} an N-byte JSON string body, with Content-Length, keep-alive. Its certificate is for {@code bench.test},
 * {@code *.bench.test} and {@code 127.0.0.1}, issued by a throw-away CA ({@link #pki()}).
 */
interface Origin extends AutoCloseable {
    String HOST = "bench.test";
    /** 102 bytes: the size of a typical small REST answer. */
    String SMALL_JSON =
            "{\"id\":4242,\"kind\":\"doorbell\",\"online\":true,\"battery\":87,\"firmware\":\"up to date\",\"alerts\":[]}\n";

    int port();

    /** What it is, for the header: "nginx/1.22.1, 2 workers" or "Netty epoll, 2 event loops, JDK TLS". */
    String describe();

    /** The CA that issued the origin's certificate. */
    TestPki pki();

    /**
     * CPU time (µs) the origin spent in processes of its own (nginx's master and workers) so far; 0 when it runs
     * inside the benchmark's JVM (its CPU is then part of "bench JVM").
     */
    default long externalCpuMicros() {
        return 0;
    }

    @Override
    void close();

    /** The request path that answers a body of {@code bodyBytes} (0: the small JSON). */
    static String path(int bodyBytes) {
        return bodyBytes <= 0 ? "/small" : "/b/" + bodyBytes;
    }

    /** The body {@link #path} answers: the small JSON, or {@code {"filler":"xxx…"}} plus a newline. */
    static byte[] body(int bodyBytes) {
        if (bodyBytes <= 0) {
            return SMALL_JSON.getBytes(StandardCharsets.UTF_8);
        }
        if (bodyBytes < 16) {
            throw new IllegalArgumentException("a body size must be 0 (small JSON) or at least 16 bytes");
        }
        byte[] b = new byte[bodyBytes];
        byte[] head = "{\"filler\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}\n".getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
        return b;
    }

    /** A new throw-away origin CA and its leaf for bench.test, *.bench.test and 127.0.0.1. */
    static TestPki.Leaf newLeaf(TestPki pki) {
        return pki.issue(HOST, "*." + HOST, "127.0.0.1");
    }

    /** Writes the objects (certificates; private keys go in as PKCS#8) to {@code file} as PEM. */
    static void writePem(Path file, Object... objects) {
        StringBuilder text = new StringBuilder();
        for (Object o : objects) {
            if (o instanceof PrivateKey key) {
                text.append("-----BEGIN PRIVATE KEY-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(key.getEncoded()))
                        .append("\n-----END PRIVATE KEY-----\n");
            } else {
                text.append(TestPki.pem((X509Certificate) o));
            }
        }
        try {
            Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
