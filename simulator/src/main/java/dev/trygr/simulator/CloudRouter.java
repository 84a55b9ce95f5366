package dev.trygr.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * The simulated cloud's HTTPS front: picks the service by Host header (one listener serves every host, as
 * trygr's transparent mode or {@code --connect-to} would send them), then gzip-encodes the answer per
 * {@link GzipPolicy} when the client accepts gzip.
 */
final class CloudRouter {
    /** Every host the cloud's certificate covers; MCS ({@code mtalk.google.com}) is served on its own listener. */
    static final List<String> HOSTS = List.of("oauth.ring.com", "api.ring.com", "prd-api-us.prd.rings.solutions",
            "app-snaps.ring.com", "android.clients.google.com", "firebaseinstallations.googleapis.com",
            "fcmregistrations.googleapis.com", "mtalk.google.com");

    private final OAuthEndpoint oauth;
    private final ClientsApi api;
    private final FcmEndpoints fcm;
    private final GzipPolicy gzip;
    private final Consumer<String> log;
    private final AtomicLong compressible = new AtomicLong();

    CloudRouter(OAuthEndpoint oauth, ClientsApi api, FcmEndpoints fcm, GzipPolicy gzip, Consumer<String> log) {
        this.oauth = oauth;
        this.api = api;
        this.fcm = fcm;
        this.gzip = gzip;
        this.log = log;
    }

    HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            log.accept("handler failed for " + request.method() + " " + request.path() + ": " + e);
            response = HttpResponse.json(500, Map.of("error", "internal error"));
        }
        return encode(request, response);
    }

    private HttpResponse route(HttpRequest request) {
        String host = request.host();
        String path = request.path();
        return switch (host) {
            case "oauth.ring.com" -> oauth.handle(request);
            case "api.ring.com" -> api.api(request);
            case "app-snaps.ring.com" -> api.snapshots(request);
            case "prd-api-us.prd.rings.solutions" -> api.appApi(request);
            case "android.clients.google.com" -> switch (path) {
                case "/checkin" -> fcm.checkin(request);
                case "/c2dm/register3" -> fcm.register3(request);
                default -> HttpResponse.text(404, "text/html; charset=UTF-8", "<html><body>Not Found</body></html>");
            };
            case "firebaseinstallations.googleapis.com" -> fcm.installations(request);
            case "fcmregistrations.googleapis.com" -> fcm.registrations(request);
            case "" -> HttpResponse.text(400, "text/plain", "Bad Request: no Host header");
            default -> HttpResponse.text(421, "text/plain", "Misdirected Request: this cloud does not serve " + host);
        };
    }

    private HttpResponse encode(HttpRequest request, HttpResponse response) {
        if (gzip == GzipPolicy.NEVER || response.body().length == 0 || !acceptsGzip(request)
                || response.header("content-encoding").isPresent()) {
            return response;
        }
        if (gzip == GzipPolicy.ALTERNATE && compressible.getAndIncrement() % 2 == 1) {
            return response;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length / 2 + 32);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(response.body());
        } catch (IOException e) {
            return response;
        }
        return new HttpResponse(response.status(), response.headers(), bytes.toByteArray())
                .with("Content-Encoding", "gzip");
    }

    private static boolean acceptsGzip(HttpRequest request) {
        for (var header : request.headers()) {
            if (header.name().equalsIgnoreCase("accept-encoding")) {
                for (String coding : header.value().toLowerCase(Locale.ROOT).split(",")) {
                    String c = coding.strip();
                    if ((c.equals("gzip") || c.startsWith("gzip;")) && !c.replace(" ", "").endsWith("q=0")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
