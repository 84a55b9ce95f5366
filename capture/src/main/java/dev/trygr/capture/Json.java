package dev.trygr.capture;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON stored in text columns: header lists as {@code [[name, value], ...]}, session modes and options. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /**
     * {@code [["name","value"],...]}, compact. Written with Jackson's string quoting into one builder: the writer
     * thread does this twice per flow, and a generator per call cost about twice as much.
     */
    static String headers(List<Header> headers) {
        StringBuilder out = new StringBuilder(16 + headers.size() * 48);
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        out.append('[');
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            out.append(i == 0 ? "[\"" : ",[\"");
            quote(h.name(), out, quote);
            out.append("\",\"");
            quote(h.value(), out, quote);
            out.append("\"]");
        }
        return out.append(']').toString();
    }

    /**
     * Appends {@code s} quoted for a JSON string. Jackson's encoder copies character by character; a header
     * rarely holds anything to escape (a control character, a quote or a backslash), and then it is appended
     * whole. The output is the same either way.
     */
    private static void quote(String s, StringBuilder out, JsonStringEncoder jackson) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                jackson.quoteAsString(s, out);
                return;
            }
        }
        out.append(s);
    }

    static List<Header> parseHeaders(String json) {
        List<Header> out = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY, json);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String name = p.nextTextValue();
                String value = p.nextTextValue();
                expect(p.nextToken(), JsonToken.END_ARRAY, json);
                if (name == null || value == null) {
                    throw new CaptureException("malformed header list in capture: " + abbreviate(json));
                }
                out.add(new Header(name, value));
            }
        } catch (IOException e) {
            throw new CaptureException("malformed header list in capture: " + abbreviate(json), e);
        }
        return List.copyOf(out);
    }

    static String list(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    static List<String> parseList(String json) {
        try {
            return List.of(MAPPER.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new CaptureException("malformed list in capture: " + abbreviate(json), e);
        }
    }

    /** Options as a JSON object, keys sorted; a value Jackson cannot serialise is stored as its toString. */
    static String options(Map<String, Object> options) {
        Map<String, Object> sorted = new TreeMap<>(options);
        try {
            return MAPPER.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            Map<String, Object> plain = new LinkedHashMap<>();
            sorted.forEach((k, v) -> plain.put(k, v == null ? null : String.valueOf(v)));
            try {
                return MAPPER.writeValueAsString(plain);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException("a map of strings always serialises", impossible);
            }
        }
    }

    private static void expect(JsonToken got, JsonToken wanted, String json) {
        if (got != wanted) {
            throw new CaptureException("malformed header list in capture: " + abbreviate(json));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
