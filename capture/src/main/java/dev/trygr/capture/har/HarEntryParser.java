package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trygr.capture.Header;
import dev.trygr.capture.har.HarEntry.Body;
import dev.trygr.capture.har.HarEntry.BodyNote;
import dev.trygr.capture.har.HarEntry.Notes;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads one entry of a HAR file, given where it starts, with a streaming parser of its own: fields in any order,
 * unknown fields skipped, body texts cut to {@code --max-body} as they are read. {@code _webSocketMessages} is only
 * located here, and streamed later by {@link HarWsReader}, so a long-lived socket never sits in memory.
 */
final class HarEntryParser {
    private final FileChannel file;
    private final int maxBody;
    private boolean keepBodies;
    private boolean bodiesLeftOut;
    private List<String> problems;

    HarEntryParser(FileChannel file, int maxBody) {
        this.file = file;
        this.maxBody = maxBody;
    }

    /**
     * The entry whose {@code {} is at {@code offset}.
     *
     * @param keepBodies false to skip body texts (for an entry whose body is too long to read)
     * @throws IOException on invalid JSON, or a value over {@link HarJson#MAX_STRING_CHARS}
     */
    HarEntry read(int index, long offset, boolean keepBodies) throws IOException {
        this.keepBodies = keepBodies;
        this.bodiesLeftOut = false;
        this.problems = new ArrayList<>();
        try (JsonParser p = HarFields.parserAt(file, offset)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("entry does not start an object");
            }
            EntryDraft e = new EntryDraft();
            HarFields.fields(p, name -> {
                switch (name) {
                    case "startedDateTime" -> e.started = HarTime.parse(HarJson.text(p));
                    case "time" -> e.time = HarJson.number(p, -1);
                    case "request" -> e.request = object(p, "request") ? request(p) : null;
                    case "response" -> e.response = object(p, "response") ? response(p) : null;
                    case "timings" -> e.timings = object(p, "timings") ? timings(p) : null;
                    case "serverIPAddress" -> e.serverIp = HarFields.blankToNull(HarJson.text(p));
                    case "connection" -> e.connection = HarFields.blankToNull(HarJson.text(p));
                    case "_error" -> e.error = HarFields.blankToNull(HarJson.text(p));
                    case "_trygr" -> e.notes = object(p, "_trygr") ? notes(p) : Notes.NONE;
                    case "_webSocketMessages" -> {
                        if (p.currentToken() == JsonToken.START_ARRAY) {
                            e.wsOffset = offset + p.currentTokenLocation().getByteOffset();
                        }
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            });
            if (bodiesLeftOut) {
                problems.add("a body text is longer than " + HarJson.MAX_STRING_CHARS + " characters: the entry's"
                        + " body texts were not imported (the rest of it was)");
            }
            return new HarEntry(index, e.started, e.time, e.request, e.response, e.timings, e.serverIp, e.connection,
                    e.wsOffset, e.error, e.notes, List.copyOf(problems));
        }
    }

    /** The fields of an entry as they come, in any order. */
    private static final class EntryDraft {
        Long started;
        double time = -1;
        HarEntry.Request request;
        HarEntry.Response response;
        HarEntry.Timings timings;
        String serverIp;
        String connection;
        String error;
        Notes notes = Notes.NONE;
        long wsOffset = -1;
    }

    /** The fields of a request or a response as they come. */
    private static final class MessageDraft {
        String method;
        String url;
        int status;
        String statusText;
        String httpVersion;
        List<Header> headers = List.of();
        Body body = Body.NONE;
        long bodySize = -1;
        String error;
    }

    private HarEntry.Request request(JsonParser p) throws IOException {
        MessageDraft m = new MessageDraft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "method" -> m.method = HarFields.blankToNull(HarJson.text(p));
                case "url" -> m.url = HarFields.blankToNull(HarJson.text(p));
                case "httpVersion" -> m.httpVersion = HarFields.blankToNull(HarJson.text(p));
                case "headers" -> m.headers = headers(p, "request");
                case "postData" -> m.body = object(p, "request.postData") ? postData(p) : Body.NONE;
                case "bodySize" -> m.bodySize = (long) HarJson.number(p, -1);
                default -> p.skipChildren();
            }
        });
        Body body = m.body;
        if (body.length() == 0 && m.bodySize > 0) {
            body = new Body(new byte[0], m.bodySize, true); // a body was sent but the HAR does not hold it
        }
        return new HarEntry.Request(m.method, m.url, m.httpVersion, m.headers, body);
    }

    private HarEntry.Response response(JsonParser p) throws IOException {
        MessageDraft m = new MessageDraft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "status" -> m.status = (int) HarJson.number(p, 0);
                case "statusText" -> m.statusText = HarFields.blankToNull(HarJson.text(p));
                case "httpVersion" -> m.httpVersion = HarFields.blankToNull(HarJson.text(p));
                case "headers" -> m.headers = headers(p, "response");
                case "content" -> m.body = object(p, "response.content") ? content(p) : Body.NONE;
                case "_error" -> m.error = HarFields.blankToNull(HarJson.text(p));
                default -> p.skipChildren();
            }
        });
        return new HarEntry.Response(Math.max(0, m.status), m.statusText, m.httpVersion, m.headers, m.body, m.error);
    }

    /** The fields of {@code response.content} or {@code request.postData} as they come. */
    private final class BodyDraft {
        final HarText text = new HarText(maxBody);
        boolean hasText;
        String encoding;
        String mimeType;
        long size = -1;
        final List<String> params = new ArrayList<>();
        boolean files;
    }

    private Body content(JsonParser p) throws IOException {
        BodyDraft b = new BodyDraft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "text" -> b.hasText = readText(p, b.text);
                case "encoding" -> b.encoding = HarFields.blankToNull(HarJson.text(p));
                case "size" -> b.size = (long) HarJson.number(p, -1);
                default -> p.skipChildren();
            }
        });
        return body(b, "response.content");
    }

    private Body postData(JsonParser p) throws IOException {
        BodyDraft b = new BodyDraft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "text" -> b.hasText = readText(p, b.text);
                case "encoding" -> b.encoding = HarFields.blankToNull(HarJson.text(p));
                case "mimeType" -> b.mimeType = HarJson.text(p);
                case "params" -> b.files = params(p, b.params);
                default -> p.skipChildren();
            }
        });
        if (!b.hasText && !b.params.isEmpty()) {
            boolean form = b.mimeType != null && b.mimeType.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded");
            if (form && !b.files) {
                byte[] bytes = String.join("&", b.params).getBytes(StandardCharsets.UTF_8);
                problems.add("request.postData has params but no text; the form body was rebuilt from them");
                return new Body(bytes.length <= maxBody ? bytes : Arrays.copyOf(bytes, maxBody), bytes.length,
                        bytes.length > maxBody);
            }
            problems.add("request.postData has params but no text; the body was not imported");
        }
        return body(b, "request.postData");
    }

    /** Collects {@code name=value} (form-encoded) from {@code params}; true when one of them is a file. */
    private boolean params(JsonParser p, List<String> out) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        boolean[] file = {false};
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String[] nv = {null, ""};
            HarFields.fields(p, name -> {
                switch (name) {
                    case "name" -> nv[0] = HarJson.text(p);
                    case "value" -> nv[1] = HarJson.text(p);
                    case "fileName" -> file[0] = true;
                    default -> p.skipChildren();
                }
            });
            if (nv[0] != null) {
                out.add(URLEncoder.encode(nv[0], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(nv[1] == null ? "" : nv[1], StandardCharsets.UTF_8));
            }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
        return file[0];
    }

    private Body body(BodyDraft b, String where) {
        if (!b.hasText) {
            // no text: the HAR left the body out (too big, binary, not captured); keep what it says of its size
            return b.size > 0 ? new Body(new byte[0], b.size, true) : Body.NONE;
        }
        HarText.Bytes bytes;
        if (b.encoding == null) {
            bytes = b.text.utf8();
        } else if (b.encoding.equalsIgnoreCase("base64")) {
            bytes = b.text.base64();
            if (bytes == null) {
                problems.add(where + ".text is marked base64 but is not; stored as text");
                bytes = b.text.utf8();
            }
        } else {
            problems.add(where + ".encoding \"" + abbreviate(b.encoding) + "\" is unknown; text stored as it is");
            bytes = b.text.utf8();
        }
        return new Body(bytes.kept(), bytes.length(), bytes.truncated());
    }

    /** Reads a string value into {@code text} (or skips it unread when bodies are skipped); true when there was one. */
    private boolean readText(JsonParser p, HarText text) throws IOException {
        if (!keepBodies && p.currentToken() == JsonToken.VALUE_STRING) {
            bodiesLeftOut = true;
            return false; // the parser skips the string unread when it moves on
        }
        return HarFields.readText(p, text);
    }

    private List<Header> headers(JsonParser p, String where) throws IOException {
        List<Header> out = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            problems.add(where + ".headers is not an array; no headers imported");
            p.skipChildren();
            return out;
        }
        int i = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
            if (t != JsonToken.START_OBJECT) {
                problems.add(where + ".headers[" + i + "] is not an object; left out");
                p.skipChildren();
                continue;
            }
            String[] nv = {null, null};
            HarFields.fields(p, name -> {
                switch (name) {
                    case "name" -> nv[0] = HarJson.text(p);
                    case "value" -> nv[1] = HarJson.text(p);
                    default -> p.skipChildren();
                }
            });
            if (nv[0] == null || nv[0].isEmpty()) {
                problems.add(where + ".headers[" + i + "] has no name; left out");
            } else {
                out.add(new Header(nv[0], nv[1] == null ? "" : nv[1]));
            }
        }
        return out;
    }

    private HarEntry.Timings timings(JsonParser p) throws IOException {
        double[] t = {-1, -1, -1, -1, -1, -1};
        HarFields.fields(p, name -> {
            int i = switch (name) {
                case "blocked" -> 0;
                case "dns" -> 1;
                case "connect" -> 2;
                case "send" -> 3;
                case "wait" -> 4;
                case "receive" -> 5;
                default -> -1;
            };
            if (i < 0) {
                p.skipChildren();
            } else {
                t[i] = HarJson.number(p, -1);
            }
        });
        return new HarEntry.Timings(t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    /** The {@code _trygr} object of a trygr export. */
    private Notes notes(JsonParser p) throws IOException {
        final class Draft {
            String error;
            String clientAddress;
            int clientPort;
            BodyNote request;
            BodyNote response;
        }
        Draft d = new Draft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "error" -> d.error = HarJson.text(p);
                case "clientAddress" -> d.clientAddress = HarJson.text(p);
                case "clientPort" -> d.clientPort = (int) HarJson.number(p, 0);
                case "request" -> d.request = object(p, "_trygr.request") ? bodyNote(p) : null;
                case "response" -> d.response = object(p, "_trygr.response") ? bodyNote(p) : null;
                default -> p.skipChildren();
            }
        });
        return new Notes(d.error, d.clientAddress, d.clientPort, d.request, d.response);
    }

    private BodyNote bodyNote(JsonParser p) throws IOException {
        final class Draft {
            long originalLength = -1;
            boolean truncated;
            boolean withheld;
            String stillEncoded;
        }
        Draft d = new Draft();
        HarFields.fields(p, name -> {
            switch (name) {
                case "originalLength" -> d.originalLength = (long) HarJson.number(p, -1);
                case "truncated" -> d.truncated = p.currentToken() == JsonToken.VALUE_TRUE;
                case "withheld" -> d.withheld = p.currentToken() == JsonToken.VALUE_TRUE;
                case "stillEncoded" -> d.stillEncoded = HarFields.blankToNull(HarJson.text(p));
                default -> p.skipChildren();
            }
        });
        return new BodyNote(d.originalLength, d.truncated, d.withheld, d.stillEncoded);
    }

    /** True when the parser is at an object; otherwise skips the value and notes it. */
    private boolean object(JsonParser p, String what) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            return true;
        }
        if (p.currentToken() != JsonToken.VALUE_NULL) {
            problems.add(what + " is not an object; ignored");
        }
        p.skipChildren();
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
