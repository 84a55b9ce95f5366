package dev.trygr.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLSocket;

/**
 * Serves HTTP/1.1 on one accepted TLS connection: keep-alive request after request until the client closes,
 * asks to close, or stays idle for a minute. A request that cannot be parsed gets a 400 and the connection
 * closes; the other connections go on.
 */
final class HttpServing implements TlsListener.ConnectionHandler {
    private static final int IDLE_MILLIS = 60_000;

    private final Function<HttpRequest, HttpResponse> handler;
    private final Consumer<HttpRequest> observer;
    private final Consumer<String> log;

    HttpServing(Function<HttpRequest, HttpResponse> handler, Consumer<HttpRequest> observer, Consumer<String> log) {
        this.handler = handler;
        this.observer = observer;
        this.log = log;
    }

    @Override
    public void serve(SSLSocket socket) throws IOException {
        socket.setSoTimeout(IDLE_MILLIS);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        while (true) {
            HttpRequest request;
            try {
                request = HttpWire.readRequest(in);
            } catch (HttpWire.MalformedHttpException e) {
                log.accept("bad request: " + e.getMessage());
                HttpWire.writeResponse(out, withDate(HttpResponse.json(400, Map.of("error", e.getMessage()))
                        .with("Connection", "close")));
                return;
            } catch (SocketTimeoutException e) {
                return;
            }
            if (request == null) {
                return;
            }
            observer.accept(request);
            boolean close = request.header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
            HttpResponse response = withDate(handler.apply(request));
            if (close) {
                response = response.with("Connection", "close");
            }
            HttpWire.writeResponse(out, response);
            if (close) {
                return;
            }
        }
    }

    private static HttpResponse withDate(HttpResponse response) {
        return response.with("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }
}
