package dev.trygr.capture.secrets;

import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.Header;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces secrets with markers that name the kind and a fingerprint: {@code REDACTED:<kind>:<12 hex>}, where the
 * hex is the start of HMAC-SHA256(capture key, secret). The same secret always gets the same marker within one
 * capture, so a token can be followed from the response that issued it to the requests that use it, without the
 * token being stored. Markers hold only {@code [A-Za-z0-9:_-]}, so they are safe in JSON strings, form values and
 * headers.
 *
 * <p>Pure and thread-safe. The capture writer uses it before storing; the CLI uses it at display time to mask a
 * capture recorded with {@code --store-secrets} (redacting a value that is already a marker changes nothing).
 *
 * <p>What counts as a secret: {@code Authorization} and {@code Proxy-Authorization} credentials (the scheme word
 * is kept), {@code Cookie} values (names kept), the {@code Set-Cookie} value (name and attributes kept), the
 * whole value of {@code 2fa-code} and {@code x-goog-firebase-installations-auth}, and the values of the fields
 * in {@link #SECRET_FIELDS} in JSON bodies, form bodies and URL queries. Protocol Buffers bodies are withheld
 * whole: they are binary, and FCM's checkin carries a security token in them.
 */
public final class Redactor {
    /**
     * JSON and form field names (compared case-insensitively, listed lower-case) whose values are secrets; the name
     * is the kind. Ring: OAuth tokens, the profile's {@code authentication_token}, the push token sent to Ring, and
     * the one-shot {@code ticket}/{@code authcode} of its WebSocket URLs. FCM (push-receiver): the FCM/GCM
     * registration {@code token}, Firebase installation {@code refreshToken}, GCM {@code securityToken}, the
     * Web Push {@code auth} secret ({@code authSecret}, {@code privateKey} in stored credentials), and the Web Push
     * {@code endpoint}, whose URL ends in the GCM token.
     */
    public static final Set<String> SECRET_FIELDS = Set.of("password", "access_token", "refresh_token",
            "authentication_token", "push_notification_token", "ticket", "authcode", "token", "refreshtoken",
            "securitytoken", "authsecret", "privatekey", "auth", "endpoint");

    /** Headers whose whole value is a secret, lower-case name to marker kind. */
    private static final Map<String, String> SECRET_HEADERS = Map.of(
            "2fa-code", "2fa-code",
            "x-goog-firebase-installations-auth", "fis-auth");

    /** What every marker starts with. */
    public static final String MARKER_PREFIX = "REDACTED:";
    /** A marker: group 1 the secret's kind, group 2 the first 12 hex digits of its fingerprint. */
    public static final Pattern MARKER = Pattern.compile("REDACTED:([a-z0-9_-]{1,40}):([0-9a-f]{12})");
    private static final Pattern KIND = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final int PREFIX_HEX = 12;
    /** Secrets at least this long are also replaced where they recur elsewhere in the same body. */
    private static final int MIN_ECHO_CHARS = 16;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    private final FieldMarker fieldMarker = this::markField;

    /** @param key the capture's secret key ({@code meta.hmac_key}, 32 random bytes) */
    public Redactor(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) {
            throw new IllegalArgumentException("HMAC key too short: " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, HMAC);
        try {
            prototype = Mac.getInstance(HMAC);
            prototype.init(this.key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** HMAC-SHA256 of the secret's UTF-8 bytes under the capture key, 64 lower-case hex digits. */
    public String fingerprint(String secret) {
        return HexFormat.of().formatHex(newMac().doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code REDACTED:<kind>:<first 12 hex of the fingerprint>}. */
    public String marker(String kind, String secret) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("bad marker kind: " + kind);
        }
        return MARKER_PREFIX + kind + ":" + fingerprint(secret).substring(0, PREFIX_HEX);
    }

    /** True when the whole value is a marker, i.e. there is nothing left to hide. */
    public static boolean isMarker(String value) {
        return MARKER.matcher(value).matches();
    }

    /** Redacts every header, keeping order, names, duplicates and empty values. */
    public Redacted<List<Header>> headers(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        int count = 0;
        for (Header h : headers) {
            Redacted<Header> r = header(h);
            out.add(r.value());
            count += r.redactions();
        }
        return count == 0 ? new Redacted<>(headers, 0) : new Redacted<>(List.copyOf(out), count);
    }

    public Redacted<Header> header(Header h) {
        String name = h.name().toLowerCase(Locale.ROOT);
        Redacted<String> value;
        switch (name) {
            case "authorization":
            case "proxy-authorization":
                value = credentials(h.value());
                break;
            case "cookie":
                value = cookies(h.value());
                break;
            case "set-cookie":
                value = setCookie(h.value());
                break;
            default:
                String kind = SECRET_HEADERS.get(name);
                value = kind == null ? new Redacted<>(h.value(), 0) : whole(kind, h.value());
        }
        return value.redactions() == 0 ? new Redacted<>(h, 0)
                : new Redacted<>(new Header(h.name(), value.value()), value.redactions());
    }

    /** Redacts secret fields of a form-encoded query string (without the {@code ?}); null stays null. */
    public Redacted<String> query(String query) {
        return query == null || query.isEmpty() ? new Redacted<>(query, 0)
                : FormSecretScanner.redact(query, fieldMarker);
    }

    /** Redacts the query part of a request-target (origin or absolute form); null stays null. */
    public Redacted<String> target(String target) {
        if (target == null) {
            return new Redacted<>(null, 0);
        }
        int q = target.indexOf('?');
        if (q < 0) {
            return new Redacted<>(target, 0);
        }
        int hash = target.indexOf('#', q);
        int end = hash < 0 ? target.length() : hash;
        Redacted<String> r = FormSecretScanner.redact(target.substring(q + 1, end), fieldMarker);
        return r.redactions() == 0 ? new Redacted<>(target, 0)
                : new Redacted<>(target.substring(0, q + 1) + r.value() + target.substring(end), r.redactions());
    }

    /** {@link #body(byte[], boolean, String, String)} with Content-Type and Content-Encoding taken from headers. */
    public RedactedBody body(byte[] data, boolean truncated, List<Header> headers) {
        return body(data, truncated, headerValue(headers, "Content-Type"), headerValue(headers, "Content-Encoding"));
    }

    /**
     * Redacts secret fields of a JSON or form body. The syntax comes from the Content-Type; when that is absent,
     * {@code text/plain} or {@code application/octet-stream}, the bytes are sniffed. gzip and deflate are decoded
     * first; when a secret is found in a decoded body the result holds the decoded, redacted bytes
     * ({@code contentEncoding = "identity"}, {@code decodedFrom} = the original). A JSON or form body that cannot
     * be decoded (br, cut short, corrupt) is withheld: no bytes are kept.
     *
     * @param data            the body bytes as kept (maybe only the first part of the body)
     * @param truncated       true when {@code data} is not the whole body
     * @param contentType     the Content-Type header value, or null
     * @param contentEncoding the Content-Encoding header value, or null
     */
    public RedactedBody body(byte[] data, boolean truncated, String contentType, String contentEncoding) {
        BodySyntax declared = BodySyntax.declaredBy(contentType);
        if (declared == BodySyntax.PROTOBUF && data.length > 0) {
            return RedactedBody.withheld(contentEncoding);   // binary: a secret in it cannot be found by name
        }
        if (declared == BodySyntax.OTHER || data.length == 0) {
            return RedactedBody.unchanged(data, contentEncoding);
        }
        List<String> codings = BodyDecoding.codings(contentEncoding);
        byte[] plain = data;
        if (!codings.isEmpty()) {
            plain = truncated ? null : BodyDecoding.decodeWhole(data, contentEncoding);
            if (plain == null) {
                return declared == BodySyntax.UNKNOWN ? RedactedBody.unchanged(data, contentEncoding)
                        : RedactedBody.withheld(contentEncoding);
            }
        }
        BodySyntax syntax = declared == BodySyntax.UNKNOWN ? BodySyntax.sniff(plain) : declared;
        Map<String, String> found = new java.util.LinkedHashMap<>();
        FieldMarker collecting = new FieldMarker() {
            @Override
            public String markerFor(String field, String value) {
                String marker = markField(field, value);
                if (marker != null && value.length() >= MIN_ECHO_CHARS) {
                    found.put(value, marker);
                }
                return marker;
            }

            @Override
            public boolean wants(String field) {
                return isSecretField(field);
            }
        };
        Redacted<byte[]> r;
        if (syntax == BodySyntax.JSON) {
            r = JsonSecretScanner.redact(plain, collecting);
        } else if (syntax == BodySyntax.FORM) {
            r = FormSecretScanner.redact(plain, collecting);
        } else {
            return RedactedBody.unchanged(data, contentEncoding);
        }
        if (!found.isEmpty()) {
            r = replaceEchoes(r, found);
        }
        if (r.redactions() == 0) {
            return RedactedBody.unchanged(data, contentEncoding);
        }
        return codings.isEmpty() ? new RedactedBody(r.value(), contentEncoding, null, r.redactions(), false)
                : new RedactedBody(r.value(), "identity", contentEncoding, r.redactions(), false);
    }

    /**
     * A secret found in a field may be repeated inside another value of the same body (FCM's registration
     * answer may name the registration after its token): every further occurrence gets the same marker.
     */
    private static Redacted<byte[]> replaceEchoes(Redacted<byte[]> r, Map<String, String> found) {
        byte[] bytes = r.value();
        int count = r.redactions();
        for (Map.Entry<String, String> e : found.entrySet()) {
            byte[] secret = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] marker = e.getValue().getBytes(StandardCharsets.US_ASCII);
            java.io.ByteArrayOutputStream out = null;
            int copied = 0;
            for (int i = indexOf(bytes, secret, 0); i >= 0; i = indexOf(bytes, secret, i + secret.length)) {
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream(bytes.length);
                }
                out.write(bytes, copied, i - copied);
                out.writeBytes(marker);
                copied = i + secret.length;
                count++;
            }
            if (out != null) {
                out.write(bytes, copied, bytes.length - copied);
                bytes = out.toByteArray();
            }
        }
        return new Redacted<>(bytes, count);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The value of a header (case-insensitive name); duplicates joined with {@code ", "}; null when absent. */
    public static String headerValue(List<Header> headers, String name) {
        String value = null;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                value = value == null ? h.value() : value + ", " + h.value();
            }
        }
        return value;
    }

    private String markField(String field, String value) {
        if (!isSecretField(field) || value.isEmpty() || isMarker(value)) {
            return null;
        }
        return marker(field.toLowerCase(Locale.ROOT), value);
    }

    private static boolean isSecretField(String field) {
        return SECRET_FIELDS.contains(field.toLowerCase(Locale.ROOT));
    }

    private Redacted<String> whole(String kind, String value) {
        if (value.isBlank() || isMarker(value.strip())) {
            return new Redacted<>(value, 0); // an empty 2fa-code hides nothing
        }
        return new Redacted<>(marker(kind, value), 1);
    }

    /** {@code Scheme credentials} keeps the scheme word; a bare token is redacted whole. */
    private Redacted<String> credentials(String value) {
        String trimmed = value.stripLeading();
        int lead = value.length() - trimmed.length();
        int space = indexOfWhitespace(trimmed);
        if (space < 0) {
            return whole("authorization", value);
        }
        int credStart = space;
        while (credStart < trimmed.length() && Character.isWhitespace(trimmed.charAt(credStart))) {
            credStart++;
        }
        String credentials = trimmed.substring(credStart);
        if (credentials.isBlank() || isMarker(credentials.strip())) {
            return new Redacted<>(value, 0);
        }
        String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        String kind = KIND.matcher(scheme).matches() ? scheme : "authorization";
        return new Redacted<>(value.substring(0, lead + credStart) + marker(kind, credentials), 1);
    }

    private Redacted<String> cookies(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int count = 0;
        int start = 0;
        while (true) {
            int semi = value.indexOf(';', start);
            int end = semi < 0 ? value.length() : semi;
            Redacted<String> r = cookiePair(value.substring(start, end));
            out.append(r.value());
            count += r.redactions();
            if (semi < 0) {
                break;
            }
            out.append(';');
            start = semi + 1;
        }
        return count == 0 ? new Redacted<>(value, 0) : new Redacted<>(out.toString(), count);
    }

    private Redacted<String> setCookie(String value) {
        int semi = value.indexOf(';');
        String first = semi < 0 ? value : value.substring(0, semi);
        Redacted<String> r = cookiePair(first);
        return r.redactions() == 0 ? new Redacted<>(value, 0)
                : new Redacted<>(r.value() + (semi < 0 ? "" : value.substring(semi)), r.redactions());
    }

    /** {@code name=value} (whitespace around kept) with the value redacted; a pair without '=' is all value. */
    private Redacted<String> cookiePair(String pair) {
        int eq = pair.indexOf('=');
        String prefix = eq < 0 ? pair.substring(0, pair.length() - pair.stripLeading().length())
                : pair.substring(0, eq + 1);
        String secret = (eq < 0 ? pair : pair.substring(eq + 1)).strip();
        if (secret.isEmpty() || isMarker(secret)) {
            return new Redacted<>(pair, 0);
        }
        return new Redacted<>(prefix + marker("cookie", secret), 1);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A fresh Mac per call keeps this class thread-safe; cloning the initialised prototype is cheap. */
    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException notCloneable) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
        }
    }
}
