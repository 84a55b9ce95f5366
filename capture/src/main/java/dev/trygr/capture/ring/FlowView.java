package dev.trygr.capture.ring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.Header;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the recognizers need from a flow, read defensively: header values, bodies with their Content-Encoding
 * undone (as much as could be), JSON read leniently, whether the response was cut off. Bodies are decoded at most
 * once each. Never throws on bad input.
 */
final class FlowView {
    /** Longest text kept from a flow into an event (ids, names, error strings); longer values are cut. */
    static final int MAX_TEXT = 256;

    /**
     * A body as far as it could be read.
     *
     * @param bytes    the decoded bytes (maybe only a prefix); empty when none
     * @param complete true when these are all of the body's bytes, decoded cleanly
     */
    record Body(byte[] bytes, boolean complete) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final FlowCompleted flow;
    private Body request;
    private Body response;
    private LenientJson.Parsed requestJson;
    private LenientJson.Parsed responseJson;

    FlowView(FlowCompleted flow) {
        this.flow = flow;
    }

    FlowCompleted flow() {
        return flow;
    }

    long at() {
        return flow.startedMicros();
    }

    int status() {
        return Math.max(0, flow.status());
    }

    String host() {
        return flow.host() == null ? "" : flow.host().toLowerCase(Locale.ROOT);
    }

    String path() {
        return flow.path() == null ? "" : flow.path();
    }

    String method() {
        return flow.method() == null ? "" : flow.method().toUpperCase(Locale.ROOT);
    }

    /** The first value of a request header (case-insensitive name), or null. */
    String requestHeader(String name) {
        return first(flow.requestHeaders(), name);
    }

    String responseHeader(String name) {
        return first(flow.responseHeaders(), name);
    }

    /** No response head arrived. */
    boolean noResponse() {
        return flow.status() <= 0;
    }

    /** A response arrived but not all of its body did (failed part way, or not all bytes were kept). */
    boolean responseCut() {
        if (noResponse()) {
            return false;
        }
        BodySnapshot body = flow.responseBody();
        return body.truncated() || body.stored().length < body.originalLength()
                || (flow.error() != null && flow.responseDoneMicros() == 0);
    }

    /** The client as the flow shows it: the {@code hardware_id} header (or the given fallback), address, UA. */
    ClientId client(String hardwareIdFallback) {
        String hardwareId = cap(blankToNull(requestHeader("hardware_id")));
        return new ClientId(hardwareId != null ? hardwareId : cap(blankToNull(hardwareIdFallback)),
                flow.clientAddress(), cap(requestHeader("User-Agent")));
    }

    Body requestBody() {
        if (request == null) {
            request = decode(flow.requestBody(), requestHeader("Content-Encoding"), false);
        }
        return request;
    }

    Body responseBody() {
        if (response == null) {
            response = decode(flow.responseBody(), responseHeader("Content-Encoding"), responseCut());
        }
        return response;
    }

    /** The request body as a JSON object, or null. */
    ObjectNode requestJson() {
        if (requestJson == null) {
            requestJson = LenientJson.parse(requestBody().bytes());
        }
        return requestJson.object();
    }

    /** The response body read as JSON (maybe partly). */
    LenientJson.Parsed responseJson() {
        if (responseJson == null) {
            responseJson = LenientJson.parse(responseBody().bytes());
        }
        return responseJson;
    }

    /** The request body as form fields (first value of each name, URL-decoded). */
    Map<String, String> requestForm() {
        return form(requestBody().text());
    }

    static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
            if (!name.isEmpty()) {
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    /** A text field of a JSON object (numbers as their text), or null when absent, null, or a container. */
    static String text(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    /** An integer field that fits a long (a numeric string too), or null. */
    static Long integer(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : null;
        }
        if (node.isTextual()) {
            return parseLong(node.asText());
        }
        return null;
    }

    static Long parseLong(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The object at {@code field}, or null. */
    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isObject() ? node : null;
    }

    static String cap(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Fingerprint of a secret, or null when it is absent or empty. */
    static String fingerprint(String secret, java.util.function.UnaryOperator<String> fingerprint) {
        return secret == null || secret.isEmpty() ? null : fingerprint.apply(secret);
    }

    private static Body decode(BodySnapshot snapshot, String contentEncoding, boolean cut) {
        byte[] stored = snapshot.stored();
        if (snapshot.originalLength() == 0) {
            return new Body(new byte[0], !cut);
        }
        boolean partial = cut || snapshot.truncated() || stored.length < snapshot.originalLength();
        if (!partial) {
            byte[] whole = BodyDecoding.decodeWhole(stored, contentEncoding);
            if (whole != null) {
                return new Body(whole, true);
            }
        }
        return new Body(BodyDecoding.decode(stored, contentEncoding, true).bytes(), false);
    }

    private static String first(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    private static String decodeForm(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // the same rule as the redactor's form scanner, so fingerprints match its markers
        }
    }
}
