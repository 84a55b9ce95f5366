package dev.trygr.capture.har;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FlowQuery;
import dev.trygr.capture.SessionInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared steps of the HAR tests: export, import, HAR 1.2 validation, reading a capture's files as bytes. */
final class HarChecks {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HarImport.Options IMPORT = new HarImport.Options(1 << 20, "0.1.0-test");

    private HarChecks() {
    }

    static SessionInfo session(boolean storeSecrets) {
        return new SessionInfo("0.1.0-test", List.of("regular@127.0.0.1:8080"), "ab".repeat(32), false, storeSecrets,
                1 << 20, Map.of("max-body", 1 << 20));
    }

    /** Exports the whole capture to {@code har}. */
    static HarExportResult export(Path capture, Path har) throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture); OutputStream out = Files.newOutputStream(har)) {
            return HarWriter.write(reader, FlowQuery.ALL, out, new HarWriter.Options("0.1.0-test", false, null), n -> {
            });
        }
    }

    /** Imports {@code har} into {@code capture} (created when missing), collecting the problems reported. */
    static HarImportResult importHar(Path har, Path capture, List<String> problems) {
        try (Capture c = Capture.open(capture)) {
            return HarImport.run(har, c, IMPORT, problems::add);
        }
    }

    static Path write(Path dir, String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /** Everything in the capture's files ({@code capture.db}, {@code -wal}, {@code -shm}), as Latin-1 text. */
    static String diskText(Path capture) throws IOException {
        StringBuilder out = new StringBuilder();
        String name = capture.getFileName().toString();
        try (Stream<Path> files = Files.list(capture.getParent())) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(name)).toList()) {
                out.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The HAR 1.2 required fields and their types (softwareishard.com/blog/har-12-spec): log.version, log.creator,
     * log.entries; entries' startedDateTime, time, request, response, cache, timings; the request's and
     * response's required members; content's size and mimeType; timings' send, wait, receive.
     */
    static void assertValidHar(JsonNode har) {
        JsonNode log = har.get("log");
        assertTrue(log != null && log.isObject(), "log");
        text(log, "version");
        JsonNode creator = object(log, "creator");
        text(creator, "name");
        text(creator, "version");
        JsonNode entries = log.get("entries");
        assertTrue(entries != null && entries.isArray(), "log.entries");
        int i = 0;
        for (JsonNode e : entries) {
            String at = "entries[" + i++ + "]";
            assertTrue(HarTime.parse(text(e, "startedDateTime")) != null, at + ".startedDateTime is ISO 8601");
            number(e, "time");
            JsonNode request = object(e, "request");
            text(request, "method");
            assertTrue(HarUrl.parse(text(request, "url")) != null, at + ".request.url is absolute");
            text(request, "httpVersion");
            nameValues(request, "cookies");
            nameValues(request, "headers");
            nameValues(request, "queryString");
            number(request, "headersSize");
            number(request, "bodySize");
            if (request.has("postData")) {
                JsonNode post = object(request, "postData");
                text(post, "mimeType");
                text(post, "text");
            }
            JsonNode response = object(e, "response");
            number(response, "status");
            text(response, "statusText");
            text(response, "httpVersion");
            nameValues(response, "cookies");
            nameValues(response, "headers");
            JsonNode content = object(response, "content");
            number(content, "size");
            text(content, "mimeType");
            if (content.has("encoding")) {
                assertEquals("base64", text(content, "encoding"));
            }
            text(response, "redirectURL");
            number(response, "headersSize");
            number(response, "bodySize");
            object(e, "cache");
            JsonNode timings = object(e, "timings");
            double sum = 0;
            for (String required : List.of("send", "wait", "receive")) {
                double t = number(timings, required);
                assertTrue(t >= 0, at + ".timings." + required + " is not negative");
                sum += t;
            }
            for (String optional : List.of("blocked", "dns", "connect", "ssl")) {
                if (timings.has(optional)) {
                    assertTrue(number(timings, optional) >= -1, at + ".timings." + optional);
                }
            }
            assertEquals(e.get("time").asDouble(), sum, 0.002, at + ".time is the sum of its timings");
        }
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            fail(field + " must be an object in " + parent);
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            fail(field + " must be a string in " + abbreviate(parent));
        }
        return n.asText();
    }

    private static double number(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isNumber()) {
            fail(field + " must be a number in " + abbreviate(parent));
        }
        return n.asDouble();
    }

    private static void nameValues(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            fail(field + " must be an array in " + abbreviate(parent));
        }
        for (JsonNode item : n) {
            text(item, "name");
            text(item, "value");
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() < 300 ? s : s.substring(0, 300) + "…";
    }

    static List<String> names(JsonNode headers) {
        List<String> out = new ArrayList<>();
        headers.forEach(h -> out.add(h.get("name").asText() + ": " + h.get("value").asText()));
        return out;
    }
}
