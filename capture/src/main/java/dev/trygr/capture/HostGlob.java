package dev.trygr.capture;

/** Host patterns as users type them ({@code *.ring.com}): {@code *} any run, {@code ?} one character. */
final class HostGlob {
    static final char ESCAPE = '\\';

    private HostGlob() {
    }

    /** The SQL LIKE pattern (use with {@code ESCAPE '\'}); LIKE is case-insensitive for ASCII, as hosts are. */
    static String toLike(String glob) {
        StringBuilder out = new StringBuilder(glob.length() + 4);
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*': out.append('%'); break;
                case '?': out.append('_'); break;
                case '%':
                case '_':
                case ESCAPE:
                    out.append(ESCAPE).append(ch);
                    break;
                default: out.append(ch);
            }
        }
        return out.toString();
    }
}
