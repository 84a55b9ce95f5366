package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/** Small streaming-parser steps shared by the HAR readers. */
final class HarFields {
    private HarFields() {
    }

    @FunctionalInterface
    interface FieldReader {
        /** Called with the parser on the field's value; must consume the value (read it or skip its children). */
        void read(String name) throws IOException;
    }

    /** Calls {@code reader} for each field of the object the parser is at (its {@code START_OBJECT}). */
    static void fields(JsonParser p, FieldReader reader) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            reader.read(name);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("an object ends early");
        }
    }

    /** A parser reading the file from {@code offset}; the channel stays open when the parser closes. */
    static JsonParser parserAt(FileChannel file, long offset) throws IOException {
        file.position(offset);
        return HarJson.FACTORY.createParser(Channels.newInputStream(file));
    }

    /** Reads a string value (numbers as written) into {@code text}; true when there was one (null and containers are none). */
    static boolean readText(JsonParser p, HarText text) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            p.getText(text);
            return true;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        if (t != JsonToken.VALUE_NULL) {
            text.write(p.getValueAsString(""));
            return true;
        }
        return false;
    }

    static BigDecimal decimal(JsonParser p) throws IOException {
        if (p.currentToken().isNumeric()) {
            return p.getDecimalValue();
        }
        String s = HarJson.text(p);
        try {
            return s == null ? null : new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
