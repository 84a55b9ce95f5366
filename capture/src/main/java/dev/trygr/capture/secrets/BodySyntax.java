package dev.trygr.capture.secrets;

import java.util.Locale;

/** How a body is scanned for secrets, from its Content-Type or, when that says little, from its first bytes. */
enum BodySyntax {
    JSON, FORM,
    /** Content-Type absent, {@code text/plain} or {@code application/octet-stream}: sniff the bytes. */
    UNKNOWN,
    /**
     * Protocol Buffers: binary, so secrets in it cannot be found and replaced by name (FCM's checkin carries the
     * device's security token this way); such bodies are withheld.
     */
    PROTOBUF,
    /** Anything else (HTML, images...): not scanned. */
    OTHER;

    static BodySyntax declaredBy(String contentType) {
        if (contentType == null) {
            return UNKNOWN;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("text/plain") || type.equals("application/octet-stream")) {
            return UNKNOWN;
        }
        if (type.equals("application/x-protobuf") || type.equals("application/protobuf")
                || type.equals("application/x-protobuffer") || type.equals("application/vnd.google.protobuf")) {
            return PROTOBUF;
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return FORM;
        }
        if (type.endsWith("/json") || type.endsWith("+json") || type.endsWith("/x-json")) {
            return JSON;
        }
        return OTHER;
    }

    /** JSON when the first non-blank byte opens an object or array; FORM when it reads like {@code a=b&c=d}. */
    static BodySyntax sniff(byte[] data) {
        int i = 0;
        while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        if (i < data.length && (data[i] == '{' || data[i] == '[')) {
            return JSON;
        }
        return looksLikeForm(data) ? FORM : OTHER;
    }

    private static boolean looksLikeForm(byte[] data) {
        if (data.length == 0 || !isNameByte(data[0])) {
            return false;
        }
        boolean sawEquals = false;
        for (byte b : data) {
            if (b < 0x21 || b > 0x7e) {
                return false; // whitespace, controls or raw non-ASCII: not form encoding
            }
            sawEquals |= b == '=';
        }
        return sawEquals;
    }

    private static boolean isNameByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '_' || b == '-' || b == '.' || b == '%' || b == '~';
    }
}
