package dev.trygr.proxy;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.Header;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One HTTP exchange as it is being relayed and recorded. Confined to its connection's event loop. */
final class Exchange {
    final long startedMicros;
    final String scheme;
    final String method;
    final HostPort target;
    final String uri;
    final String path;
    final String query;
    final String version;
    final List<Header> requestHeaders;
    final BodyTap requestBody;
    final boolean requestKeepAlive;
    final boolean head;

    HttpResponse response;
    List<Header> responseHeaders = List.of();
    BodyTap responseBody;
    long requestDoneMicros;
    long responseStartMicros;
    long responseDoneMicros;
    boolean responseComplete;

    Exchange(String scheme, HostPort target, HttpRequest request, String uriAsSent, long maxBody,
             boolean keepAlive) {
        this.startedMicros = MicroClock.now();
        this.scheme = scheme;
        this.method = request.method().name();
        this.target = target;
        this.uri = uriAsSent;
        String originForm = originForm(uriAsSent);
        int q = originForm.indexOf('?');
        this.path = q < 0 ? originForm : originForm.substring(0, q);
        this.query = q < 0 ? null : originForm.substring(q + 1);
        this.version = request.protocolVersion().text();
        this.requestHeaders = headers(request.headers());
        this.requestBody = new BodyTap(maxBody, true);
        this.requestKeepAlive = keepAlive;
        this.head = "HEAD".equals(method);
    }

    void requestDone() {
        requestDoneMicros = MicroClock.now();
    }

    boolean requestComplete() {
        return requestDoneMicros != 0;
    }

    void responseHead(HttpResponse r, long maxBody) {
        response = r;
        responseHeaders = headers(r.headers());
        responseBody = new BodyTap(maxBody, true);
        responseStartMicros = MicroClock.now();
    }

    FlowCompleted complete(String clientAddress, int clientPort, long connectionKey, String error) {
        if (response != null && error == null) {
            responseComplete = true;
            responseDoneMicros = MicroClock.now();
        }
        BodySnapshot reqBody = requestBody.snapshot();
        BodySnapshot respBody = responseBody == null ? BodySnapshot.EMPTY : responseBody.snapshot();
        return new FlowCompleted(connectionKey, startedMicros, clientAddress, clientPort, scheme, method,
                target.host(), target.port(), uri, path, query, version, requestHeaders, reqBody,
                response == null ? 0 : response.status().code(),
                response == null ? null : response.status().reasonPhrase(),
                response == null ? null : response.protocolVersion().text(),
                responseHeaders, respBody, requestDoneMicros, responseStartMicros,
                error == null ? responseDoneMicros : MicroClock.now(), error);
    }

    /** The path-and-query part of a request-target, whatever its form. */
    static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0 || uri.startsWith("/")) {
            return uri;
        }
        int slash = uri.indexOf('/', scheme + 3);
        int question = uri.indexOf('?', scheme + 3);
        if (slash < 0 && question < 0) {
            return "/";
        }
        if (slash < 0 || (question >= 0 && question < slash)) {
            return "/" + uri.substring(question);
        }
        return uri.substring(slash);
    }

    static List<Header> headers(HttpHeaders headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            out.add(new Header(e.getKey().toString(), e.getValue().toString()));
        }
        return out;
    }
}
