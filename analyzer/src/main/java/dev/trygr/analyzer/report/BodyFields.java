package dev.trygr.analyzer.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.StoredBody;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;

/**
 * The field names of a stored body, for the endpoints section: JSON paths ({@code $.user.email},
 * {@code $.devices[].id}), form names ({@code form.username}) and query names ({@code query.after}). Names only,
 * never values. A body cut short yields the names read before the cut.
 */
final class BodyFields {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_DEPTH = 12;

    private BodyFields() {
    }

    /** Adds the body's field names to {@code into} until it holds {@code max}. */
    static void collect(StoredBody body, Collection<String> into, int max) {
        if (body == null || body.withheld() || body.data().length == 0) {
            return;
        }
        byte[] bytes;
        try {
            bytes = BodyDecoding.decode(body.data(), body.contentEncoding(), body.truncated()).bytes();
        } catch (RuntimeException e) {
            return;   // an encoding trygr cannot undo: no names, the endpoint still counts
        }
        String type = body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("x-www-form-urlencoded")) {
            names("form.", new String(bytes, StandardCharsets.UTF_8), into, max);
        } else if (type.contains("json") || looksLikeJson(bytes)) {
            json(bytes, into, max);
        }
    }

    /** Adds {@code prefix + name} for every {@code name=value} pair of a query or form string. */
    static void names(String prefix, String pairs, Collection<String> into, int max) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        for (String pair : pairs.split("&")) {
            if (into.size() >= max) {
                return;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.isEmpty()) {
                into.add(prefix + PathTemplate.segment(decode(name)));
            }
        }
    }

    private static String decode(String s) {
        try {
            String d = URLDecoder.decode(s, StandardCharsets.UTF_8);
            return d.length() > 60 ? d.substring(0, 60) + "…" : d;
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static void json(byte[] bytes, Collection<String> into, int max) {
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            String field = null;
            JsonToken t;
            while ((t = p.nextToken()) != null && into.size() < max) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        String step = step(p, field);
                        field = null;
                        path.push(t == JsonToken.START_ARRAY ? step + "[]" : step);
                        if (path.size() > MAX_DEPTH) {
                            p.skipChildren();
                            path.pop();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!path.isEmpty()) {
                            path.pop();
                        }
                    }
                    default -> {
                        if (field != null) {
                            into.add(render(path) + "." + clean(field));
                        }
                        field = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // cut short or not JSON after all: keep the names read so far
        }
    }

    /** The path step an object or array opens: its field name, or nothing inside an array. */
    private static String step(JsonParser p, String field) {
        return field == null ? "" : "." + clean(field);
    }

    private static String render(Deque<String> path) {
        StringBuilder b = new StringBuilder("$");
        var it = path.descendingIterator();
        while (it.hasNext()) {
            b.append(it.next());
        }
        return b.toString();
    }

    /** A field name as shown: ids and opaque keys (maps keyed by device id or token) collapse like path segments. */
    private static String clean(String name) {
        String n = PathTemplate.segment(name);
        n = n.length() > 60 ? n.substring(0, 60) + "…" : n;
        return Excerpts.oneLine(n);
    }
}
