package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.util.regex.Pattern;

/** The JSON factory HAR files are read and written with, and error messages that never quote the input. */
final class HarJson {
    /**
     * The longest string read into memory (Jackson holds a string value whole while it reads it). A longer body
     * is imported without its bytes, with a note; everything else in its entry is kept.
     */
    static final int MAX_STRING_CHARS = 64 * 1024 * 1024;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /**
     * Quoted input in Jackson's messages ("Unrecognized token 'eyJhbGci…'") could be a secret: a quoted run of 6 or
     * more characters without spaces is elided ('null', 'true', 'false' and Jackson's own prose stay).
     */
    private static final Pattern QUOTED = Pattern.compile("'[^'\\s]{6,}'");

    private HarJson() {
    }

    /** "line 3, column 17: Unexpected end-of-input …", with quoted input elided (see {@link #QUOTED}). */
    static String describe(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return "a value longer than " + MAX_STRING_CHARS + " characters";
        }
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        reason = reason == null ? e.getClass().getSimpleName() : QUOTED.matcher(reason).replaceAll("'…'");
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
        return at == null || at.getLineNr() < 0 ? reason
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + reason;
    }

    /** The current value as text (numbers and booleans as written), null for JSON null, containers skipped. */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    /** The current value as a number, or {@code otherwise} for null, text that is not a number, or a container. */
    static double number(JsonParser p, double otherwise) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        String s = text(p);
        if (s == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
