package dev.trygr.capture;

/** Host patterns as users type them ({@code *.ring.com}): {@code *} any run, {@code ?} one character. */
public final class HostGlob {
    static final char ESCAPE = '\\';

    private HostGlob() {
    }

    /** Whether {@code host} matches {@code glob}, ignoring ASCII case. Linear time, no regular expressions. */
    public static boolean matches(String glob, String host) {
        int g = 0;
        int h = 0;
        int star = -1;
        int resume = 0;
        while (h < host.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || sameIgnoringCase(glob.charAt(g), host.charAt(h)))) {
                g++;
                h++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = h;
            } else if (star >= 0) {
                g = star + 1;
                h = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    private static boolean sameIgnoringCase(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
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
