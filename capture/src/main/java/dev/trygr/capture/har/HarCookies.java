package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trygr.capture.Header;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * HAR's {@code cookies} arrays, read off the headers as stored (so a redacted cookie stays a marker). The headers
 * themselves stay the record: an import reads them and ignores these lists.
 */
final class HarCookies {
    private HarCookies() {
    }

    /** Every {@code name=value} pair of every {@code Cookie} header, in order. */
    static void writeRequest(JsonGenerator g, List<Header> headers) throws IOException {
        g.writeArrayFieldStart("cookies");
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Cookie")) {
                continue;
            }
            for (String pair : h.value().split(";")) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                g.writeStartObject();
                g.writeStringField("name", eq < 0 ? p : p.substring(0, eq).strip());
                g.writeStringField("value", eq < 0 ? "" : p.substring(eq + 1).strip());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    /** One cookie per {@code Set-Cookie} header, with path, domain, expires (ISO 8601), httpOnly, secure, sameSite. */
    static void writeResponse(JsonGenerator g, List<Header> headers) throws IOException {
        g.writeArrayFieldStart("cookies");
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Set-Cookie")) {
                continue;
            }
            String[] parts = h.value().split(";");
            String first = parts[0].strip();
            if (first.isEmpty()) {
                continue;
            }
            int eq = first.indexOf('=');
            g.writeStartObject();
            g.writeStringField("name", eq < 0 ? first : first.substring(0, eq).strip());
            g.writeStringField("value", eq < 0 ? "" : first.substring(eq + 1).strip());
            for (int i = 1; i < parts.length; i++) {
                attribute(g, parts[i].strip());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void attribute(JsonGenerator g, String attribute) throws IOException {
        int eq = attribute.indexOf('=');
        String name = (eq < 0 ? attribute : attribute.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : attribute.substring(eq + 1).strip();
        switch (name) {
            case "path" -> g.writeStringField("path", value);
            case "domain" -> g.writeStringField("domain", value);
            case "httponly" -> g.writeBooleanField("httpOnly", true);
            case "secure" -> g.writeBooleanField("secure", true);
            case "samesite" -> g.writeStringField("sameSite", value);
            case "expires" -> {
                String iso = isoDate(value);
                if (iso != null) {
                    g.writeStringField("expires", iso);
                }
            }
            default -> {
                // max-age, priority, partitioned: HAR has no field for them; the header keeps them
            }
        }
    }

    private static String isoDate(String httpDate) {
        try {
            return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
