package dev.trygr.proxy;

import java.util.Locale;

/** The scheme and authority of an absolute-form request-target ({@code http://host[:port]/path}). */
record AbsoluteUri(String scheme, HostPort target) {

    /** Null when {@code uri} is not absolute-form or its authority is malformed. */
    static AbsoluteUri parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
        int start = sep + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        try {
            return new AbsoluteUri(scheme, HostPort.parse(authority, scheme.equals("https") ? 443 : 80));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
