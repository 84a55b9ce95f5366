package dev.trygr.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    static String headers(List<Header> headers) {
        StringWriter out = new StringWriter(64 + headers.size() * 48);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Header h : headers) {
                g.writeStartArray();
                g.writeString(h.name());
                g.writeString(h.value());
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to a StringWriter", e);
        }
        return out.toString();
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
