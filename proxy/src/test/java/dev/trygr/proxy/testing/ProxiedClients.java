package dev.trygr.proxy.testing;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Clients that go through an explicit proxy on 127.0.0.1 ({@code CONNECT} for https), for end-to-end tests.
 *
 * <h2>What the JDK {@link HttpClient} (17) sends — verified by {@code ProxiedClientsTest}</h2>
 * <ul>
 *   <li>{@code header("hardware_id", "x")} is accepted and sent as {@code hardware_id: x}.</li>
 *   <li>An empty value, {@code header("2fa-code", "")}, is accepted and sent as {@code 2fa-code: } (colon,
 *       one space, nothing) — not byte-identical to an app that sends {@code 2fa-code:}; use
 *       {@link CurlRunner} ({@code -H '2fa-code;'}) or a raw socket for that.</li>
 *   <li>Order and case are not kept: its own {@code Content-Length} (even {@code Content-Length: 0} on a
 *       GET), {@code Host} and {@code User-Agent} come first, then the caller's headers sorted by name,
 *       case-insensitively; a name given twice with different case is sent twice with the first spelling
 *       ({@code x-alpha}, then {@code X-Alpha} → two {@code x-alpha:} lines, adjacent).</li>
 *   <li>Restricted names make {@code HttpRequest.Builder.header} throw {@link IllegalArgumentException}:
 *       {@code Connection}, {@code Content-Length}, {@code Expect}, {@code Host}, {@code Upgrade}. The
 *       system property {@code jdk.httpclient.allowRestrictedHeaders} (read once, when the HttpClient
 *       implementation initialises) lifts this for the names it lists. The builder accepts {@code Date},
 *       {@code Via}, {@code Warning}, {@code From}, {@code Origin}, {@code Referer}, {@code Cookie},
 *       {@code Authorization}, {@code User-Agent} (what goes on the wire for those was not checked).</li>
 *   <li>Requests are pooled: two requests to one origin through the proxy use one {@code CONNECT}
 *       ({@code CONNECT localhost:port HTTP/1.1}) and one upstream connection.</li>
 *   <li>A body publisher of unknown length ({@code BodyPublishers.ofInputStream}) is sent chunked.</li>
 * </ul>
 * See {@link CurlRunner} for what curl sends.
 */
public final class ProxiedClients {

    /** Connect timeout used when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ProxiedClients() {}

    /**
     * An HTTP/1.1 {@link HttpClient} that sends everything through the proxy at 127.0.0.1:{@code proxyPort}
     * and trusts only {@code trustedCa} (e.g. trygr's CA) for TLS; hostname verification stays on.
     */
    public static HttpClient httpClient(int proxyPort, X509Certificate trustedCa) {
        return httpClient(proxyPort, trustedCa, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Like {@link #httpClient(int, X509Certificate)} with the given connect timeout. */
    public static HttpClient httpClient(int proxyPort, X509Certificate trustedCa, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestPki.trustingOnly(trustedCa))
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An HTTP/1.1 {@link HttpClient} without any proxy (a baseline), trusting only {@code trustedCa}. */
    public static HttpClient directHttpClient(X509Certificate trustedCa) {
        return HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestPki.trustingOnly(trustedCa))
                .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A {@link CurlRunner} using {@code --proxy http://127.0.0.1:proxyPort} and {@code --cacert caPem}. */
    public static CurlRunner curl(int proxyPort, Path caPem) {
        return CurlRunner.viaProxy(proxyPort, caPem);
    }
}
