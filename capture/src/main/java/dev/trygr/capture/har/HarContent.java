package dev.trygr.capture.har;

import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.StoredBody;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stored body the way HAR wants it: with its Content-Encoding undone (HAR's {@code content.text} is the decoded
 * body; the {@code Content-Encoding} header stays in the header list, as browsers write it), as text when it is
 * UTF-8 text, base64 otherwise. What the capture kept is all there is: redacted bodies stay redacted, withheld and
 * cut-off bodies say so in {@code comment}.
 *
 * @param bytes        the bytes to write (decoded when they could be); empty when none were kept
 * @param base64       write {@code bytes} base64 ({@code encoding: "base64"}) rather than as text
 * @param size         HAR {@code size}: the decoded length when known, else what is known of it
 * @param compression  bytes saved by the Content-Encoding (decoded minus wire length), or null
 * @param stillEncoded the Content-Encoding {@code bytes} still carry (they could not be decoded), or null
 * @param comment      notes for a reader (truncated, withheld, not decodable), or null
 */
record HarContent(byte[] bytes, boolean base64, long size, Long compression, String stillEncoded, String comment) {

    static HarContent of(StoredBody body) {
        String mimeType = body.contentType();
        if (body.withheld()) {
            return new HarContent(new byte[0], false, body.originalLength(), null, null,
                    "body withheld by trygr (" + body.originalLength() + " bytes): it may hold a secret that could "
                            + "not be scanned");
        }
        byte[] data = body.data();
        List<String> notes = new ArrayList<>();
        if (body.truncated()) {
            notes.add("only the first " + data.length + " of " + body.originalLength() + " bytes were kept");
        }
        if (body.redactions() > 0) {
            notes.add(body.redactions() + " secret(s) replaced by REDACTED markers");
        }
        List<String> codings = BodyDecoding.codings(body.contentEncoding());
        if (codings.isEmpty()) {
            long size = body.truncated() ? Math.max(body.originalLength(), data.length) : data.length;
            return new HarContent(data, !isText(data, mimeType), size, null, null, join(notes));
        }
        BodyDecoding.Decoded decoded = BodyDecoding.decode(data, body.contentEncoding(), body.truncated());
        boolean undecodable = decoded.hasNote() && decoded.note().contains(" still ");
        if (decoded.hasNote()) {
            notes.add(decoded.note());
        }
        if (undecodable) {
            return new HarContent(data, true, data.length, null, body.contentEncoding(), join(notes));
        }
        byte[] plain = decoded.bytes();
        boolean whole = !body.truncated() && !decoded.hasNote();
        Long compression = whole ? plain.length - body.originalLength() : null;
        return new HarContent(plain, !isText(plain, mimeType), plain.length, compression, null, join(notes));
    }

    /** Valid UTF-8 without control characters other than tab, CR, LF and form feed (and a textual type, if any). */
    static boolean isText(byte[] bytes, String mimeType) {
        if (bytes.length == 0) {
            return true;
        }
        if (mimeType != null && isBinaryType(mimeType.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBinaryType(String type) {
        return type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/")
                || type.startsWith("font/") || type.contains("protobuf") || type.contains("octet-stream")
                || type.contains("x-google-protobuf") || type.startsWith("application/zip")
                || type.startsWith("application/pdf");
    }

    private static String join(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
