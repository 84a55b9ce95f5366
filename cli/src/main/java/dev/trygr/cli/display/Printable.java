package dev.trygr.cli.display;

import java.util.Locale;

/**
 * Makes recorded text safe to print: bodies, hosts and headers come from the network, and a raw ESC or a
 * bidi override in them could rewrite the user's terminal or hide text in a log. Control characters and
 * bidi controls are replaced by visible escapes ({@code \x1b}, {@code \u202e}); nothing else changes.
 */
final class Printable {

    private Printable() {
    }

    /**
     * Escapes control characters. With {@code multiline}, newlines and tabs are kept and CRLF becomes LF;
     * without, they are escaped too so the result stays on one line.
     */
    static String escape(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\r' && multiline && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                replacement = "";
            } else if ((c == '\n' || c == '\t') && multiline) {
                replacement = null;
            } else if (c == '\n') {
                replacement = "\\n";
            } else if (c == '\t') {
                replacement = "\\t";
            } else if (c == '\r') {
                replacement = "\\r";
            } else if (c < 0x20 || c == 0x7f) {
                replacement = String.format(Locale.ROOT, "\\x%02x", (int) c);
            } else if ((c >= 0x80 && c < 0xa0) || isBidiControl(c)) {
                replacement = String.format(Locale.ROOT, "\\u%04x", (int) c);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** Bidi embeddings, overrides and isolates (the "Trojan Source" characters). */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
