package dev.trygr.analyzer.pii;

import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.Header;
import dev.trygr.capture.StoredBody;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Cuts what a client sent into {@link Segment}s: the path, each query parameter, each header and cookie, each leaf
 * of a JSON or form body (after undoing gzip, deflate or br), a text body whole, and the text WebSocket messages the
 * client sent. A value that is itself JSON, or base64 of JSON, a form or text, is opened and walked too (two layers
 * deep), so {@code data=<base64 of JSON>} is read field by field.
 */
final class RequestParts {
    private static final int MAX_LAYERS = 2;
    private static final int MIN_BASE64 = 16;

    private final Consumer<Segment> sink;
    private int containers;

    RequestParts(Consumer<Segment> sink) {
        this.sink = sink;
    }

    /** Hands over every segment of the flow's request (and client WebSocket messages). */
    void walk(FlowDetail flow, WsMessages messages) {
        containers = 0;
        String path = flow.summary().path();
        if (path != null && !path.isEmpty()) {
            sink.accept(new Segment("url", "path", null, path, null, false, next()));
            if (path.indexOf('%') >= 0) {
                sink.accept(new Segment("url", "path", null, UrlText.decode(path, false), "url_encoded", false,
                        next()));
            }
        }
        String query = flow.summary().query();
        if (query != null && !query.isEmpty()) {
            form("url", "query.", query, null, 0);
        }
        String contentType = null;
        for (Header h : flow.requestHeaders()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                cookies(h.value());
            } else {
                if (name.equals("content-type")) {
                    contentType = h.value();
                }
                value("header", h.name(), h.name(), h.value(), null, next(), 0);
            }
        }
        StoredBody body = flow.requestBody();
        if (body != null && !body.withheld() && body.data().length > 0) {
            String type = body.contentType() != null ? body.contentType() : contentType;
            byte[] plain = BodyDecoding.decode(body.data(), body.contentEncoding(), body.truncated()).bytes();
            body(plain, type, "");
        }
        int[] n = {0};
        messages.forEach(m -> {
            if (m.fromClient() && (m.opcode() == 1 || m.opcode() == 2) && m.data().length > 0) {
                body(m.data(), null, "ws[" + n[0] + "]:");
                n[0]++;
            }
        });
    }

    private int next() {
        return ++containers;
    }

    private void cookies(String header) {
        int container = next();
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            String v = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (!v.isEmpty()) {
                value("cookie", name, name, v, null, container, 0);
            }
        }
    }

    /** A body (or WebSocket message): JSON and forms field by field, other text whole, binary not at all. */
    private void body(byte[] bytes, String contentType, String prefix) {
        BodyKind kind = BodyKind.of(contentType, bytes);
        switch (kind) {
            case JSON -> {
                int[] leaves = {0};
                boolean whole = JsonWalk.walk(bytes, prefix, (path, key, text, number, container) -> {
                    leaves[0]++;
                    leaf("body", path, key, text, null, number, container, 0);
                }, this::next);
                if (!whole && leaves[0] == 0) {
                    text(bytes, prefix);
                }
            }
            case FORM -> form("body", prefix, new String(bytes, StandardCharsets.UTF_8), null, 0);
            case TEXT -> text(bytes, prefix);
            case BINARY -> { }
        }
    }

    private void text(byte[] bytes, String prefix) {
        String path = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
        sink.accept(new Segment("body", path, null, new String(bytes, StandardCharsets.UTF_8), null, false,
                next()));
    }

    /** {@code a=b&c=d}: each value under {@code prefix + name}, all in one container. */
    private void form(String where, String prefix, String form, String layer, int depth) {
        int container = next();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UrlText.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : UrlText.decode(pair.substring(eq + 1), true);
            if (eq < 0) {   // a bare word: it may be the data itself, so it is no field name
                String bare = prefix.isEmpty() ? "form" : prefix.substring(0, prefix.length() - 1);
                value(where, bare, null, name, layer, container, depth);
            } else {
                value(where, prefix + name, name, v, layer, container, depth);
            }
        }
    }

    private void leaf(String where, String path, String key, String text, String layer, boolean number,
                      int container, int depth) {
        sink.accept(new Segment(where, path, key, text, layer, number, container));
        if (!number) {
            open(where, path, key, text, layer, depth);
        }
    }

    private void value(String where, String path, String key, String text, String layer, int container,
                       int depth) {
        leaf(where, path, key, text, layer, false, container, depth);
    }

    /** A value that holds JSON, or base64 of JSON, a form or text: walk what is inside. */
    private void open(String where, String path, String key, String text, String layer, int depth) {
        if (depth >= MAX_LAYERS || text.length() < 8) {
            return;
        }
        String t = text.strip();
        char first = t.isEmpty() ? ' ' : t.charAt(0);
        if (first == '{' || first == '[') {
            JsonWalk.walk(t, path + "|json|", (p, k, v, number, container) ->
                    leaf(where, p, k, v, layer, number, container, depth + 1), this::next);
            return;
        }
        String decoded = t.length() >= MIN_BASE64 ? UrlText.base64Text(t) : null;
        if (decoded == null) {
            return;
        }
        String inner = path + "|base64|";
        String d = decoded.strip();
        if (d.startsWith("{") || d.startsWith("[")) {
            JsonWalk.walk(d, inner, (p, k, v, number, container) ->
                    leaf(where, p, k, v, "base64", number, container, depth + 1), this::next);
        } else if (BodyKind.looksLikeForm(d)) {
            form(where, inner, d, "base64", depth + 1);
        } else {
            sink.accept(new Segment(where, path + "|base64", key, decoded, "base64", false, next()));
        }
    }
}
