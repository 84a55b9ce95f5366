package dev.trygr.proxy;

/**
 * Tells an HTTP/1.x request from any other byte stream by its first bytes: a request starts with a method
 * token (upper-case letters, at most 20) followed by a space. Pure, no Netty.
 */
public final class StreamSniff {

    public enum Verdict { HTTP1, OTHER, NEED_MORE }

    private static final int MAX_METHOD = 20;

    private StreamSniff() {
    }

    public static Verdict classify(byte[] data, int length) {
        int n = Math.min(length, MAX_METHOD + 1);
        for (int i = 0; i < n; i++) {
            byte c = data[i];
            if (c == ' ') {
                return i == 0 ? Verdict.OTHER : Verdict.HTTP1;
            }
            if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return Verdict.OTHER;
            }
        }
        return length > MAX_METHOD ? Verdict.OTHER : Verdict.NEED_MORE;
    }
}
