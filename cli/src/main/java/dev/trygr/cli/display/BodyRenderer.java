package dev.trygr.cli.display;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns a (decoded) body into text for a terminal: JSON pretty-printed, forms one field per line, text as
 * text, anything else as a hex summary. Control characters are escaped (see {@link Printable}), output is
 * cut at {@code maxChars}, and odd input never makes it throw: whatever cannot be shown one way is shown
 * the next way down, ending with the hex dump.
 */
public final class BodyRenderer {

    /** How many bytes the hex dump shows. */
    static final int HEX_DUMP_BYTES = 256;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DefaultPrettyPrinter PRETTY = prettyPrinter();

    private BodyRenderer() {
    }

    /**
     * Renders a body.
     *
     * @param bytes       the body, already decoded (see {@link dev.trygr.capture.BodyDecoding}); null reads as empty
     * @param contentType the {@code Content-Type} header value, or null
     * @param maxChars    the longest result wanted, longer output is cut with a note; 0 or less: no limit
     */
    public static String render(byte[] bytes, String contentType, int maxChars) {
        int limit = maxChars <= 0 ? Integer.MAX_VALUE : maxChars;
        if (bytes == null || bytes.length == 0) {
            return "(empty body)";
        }
        try {
            return shown(bytes, MediaType.parse(contentType), limit);
        } catch (RuntimeException e) {
            return cut(hexSummary(bytes), limit);
        }
    }

    private static String shown(byte[] bytes, MediaType type, int limit) {
        if (type.isForm()) {
            String text = strictUtf8(bytes);
            if (text != null) {
                return cut(Printable.escape(form(text), true), limit);
            }
        }
        if (type.isJson() || startsLikeJson(bytes)) {
            String json = prettyJson(bytes, type.charset, limit);
            if (json != null) {
                return json;
            }
        }
        if (type.isBinary()) {
            return cut(hexSummary(bytes), limit);
        }
        if (type.isText()) {
            return cut(Printable.escape(new String(bytes, type.charsetOr(StandardCharsets.UTF_8)), true), limit);
        }
        String text = strictUtf8(bytes);
        if (text != null && looksLikeText(text)) {
            return cut(Printable.escape(text, true), limit);
        }
        return cut(hexSummary(bytes), limit);
    }

    // ---- JSON

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withRootSeparator("\n");
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    private static boolean startsLikeJson(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i < bytes.length && (bytes[i] == '{' || bytes[i] == '[');
    }

    /**
     * Pretty-prints by copying parser events to a generator, so key order, duplicate keys and number
     * spelling stay as sent, and memory stays bounded whatever the body's size. Null when not JSON.
     * Jackson detects UTF-8/16/32 itself; another declared charset is decoded first.
     */
    private static String prettyJson(byte[] bytes, Charset charset, int limit) {
        CappedWriter out = new CappedWriter(limit);
        boolean unicode = charset == null || charset.name().startsWith("UTF-");
        try (JsonParser parser = unicode ? JSON.createParser(bytes) : JSON.createParser(new String(bytes, charset));
             JsonGenerator generator = JSON.createGenerator(out)) {
            generator.setPrettyPrinter(PRETTY.createInstance()); // a pretty printer counts nesting: one per use
            boolean any = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric()) {
                    generator.writeNumber(parser.getText()); // as spelled: 1.10 stays 1.10, -0.0 stays -0.0
                } else {
                    generator.copyCurrentEvent(parser);
                }
                any = true;
            }
            if (!any) {
                return null;
            }
            generator.flush();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out.result();
    }

    /** Keeps the first {@code limit} characters written and counts the rest. */
    private static final class CappedWriter extends Writer {
        private final int limit;
        private final StringBuilder kept = new StringBuilder();
        private long total;

        CappedWriter(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            total += length;
            int room = limit - kept.length();
            if (room > 0) {
                kept.append(chars, offset, Math.min(room, length));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String result() {
            return cut(Printable.escape(kept.toString(), true), limit, total - kept.length());
        }
    }

    // ---- forms

    private static String form(String body) {
        StringBuilder out = new StringBuilder();
        for (String field : body.split("&")) {
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            String name = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? null : field.substring(eq + 1);
            out.append(Printable.escape(urlDecoded(name), false));
            if (value != null) {
                out.append(':');
                if (!value.isEmpty()) {
                    out.append(' ').append(Printable.escape(urlDecoded(value), false));
                }
            }
            out.append('\n');
        }
        return out.length() == 0 ? "(empty form)" : out.substring(0, out.length() - 1);
    }

    private static String urlDecoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%': show it as sent
        }
    }

    // ---- text

    /** The text if the bytes are valid UTF-8 (a sequence cut at the very end is allowed), else null. */
    static String strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, false).isError() || in.remaining() > 3) {
            return null;
        }
        out.flip();
        String text = out.toString();
        if (in.hasRemaining()) {
            // A multi-byte sequence cut by truncation: it must at least start like one.
            if ((bytes[in.position()] & 0xc0) != 0xc0) {
                return null;
            }
            text += '\ufffd';
        }
        return text;
    }

    /** Text has no NULs or other control characters besides tab, newlines, form feed and escape. */
    private static boolean looksLikeText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    // ---- binary

    /** Length, SHA-256 prefix and a classic hex+ASCII dump of the first {@value #HEX_DUMP_BYTES} bytes. */
    static String hexSummary(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        out.append("binary, ").append(bytes.length).append(bytes.length == 1 ? " byte" : " bytes")
                .append(", sha-256 ").append(sha256(bytes), 0, 16).append('\n');
        int shown = Math.min(bytes.length, HEX_DUMP_BYTES);
        HexFormat hex = HexFormat.of();
        for (int line = 0; line < shown; line += 16) {
            out.append(hex.toHexDigits(line));
            for (int i = line; i < line + 16; i++) {
                out.append(i % 8 == 0 ? "  " : " ");
                out.append(i < shown ? hex.toHexDigits(bytes[i]) : "  ");
            }
            out.append("  |");
            for (int i = line; i < Math.min(line + 16, shown); i++) {
                int b = bytes[i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.append("|\n");
        }
        int more = bytes.length - shown;
        if (more > 0) {
            out.append("… ").append(more).append(more == 1 ? " more byte" : " more bytes").append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String cut(String text, int limit) {
        return cut(text, limit, 0);
    }

    /** The text cut to {@code limit} chars, with a note of how many were left out (here and before). */
    private static String cut(String text, int limit, long alreadyLeftOut) {
        int end = Math.min(text.length(), limit);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        long more = alreadyLeftOut + text.codePointCount(end, text.length());
        if (more == 0) {
            return text;
        }
        String kept = text.substring(0, end);
        return kept + (kept.endsWith("\n") ? "" : "\n") + "… " + more + " more chars";
    }

    // ---- content types

    /** The parts of a Content-Type that choose a rendering. */
    private record MediaType(String type, Charset charset) {

        static MediaType parse(String contentType) {
            if (contentType == null) {
                return new MediaType("", null);
            }
            String[] parts = contentType.split(";");
            Charset charset = null;
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].split("=", 2);
                if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                    charset = charset(param[1].trim().replace("\"", ""));
                }
            }
            return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), charset);
        }

        private static Charset charset(String name) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return null; // unknown or malformed charset name
            }
        }

        Charset charsetOr(Charset fallback) {
            return charset == null ? fallback : charset;
        }

        boolean isForm() {
            return type.equals("application/x-www-form-urlencoded");
        }

        boolean isJson() {
            return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
        }

        boolean isText() {
            return type.startsWith("text/") || type.endsWith("+xml") || type.equals("application/xml")
                    || type.equals("application/javascript") || type.equals("application/ecmascript")
                    || (charset != null && !isBinary());
        }

        boolean isBinary() {
            return type.startsWith("image/") && !type.equals("image/svg+xml")
                    || type.startsWith("audio/") || type.startsWith("video/") || type.startsWith("font/")
                    || type.contains("protobuf") || type.startsWith("application/grpc")
                    || type.equals("application/zip") || type.equals("application/gzip")
                    || type.equals("application/pdf");
        }
    }
}
