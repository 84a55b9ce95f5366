package dev.trygr.capture.fcm;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * The credentials a ring-client-api user holds (ring-protocol.md §3): the Ring refresh token, the hardware id and
 * the push-receiver credentials, read from ring-client-api's encoded token (standard base64 of
 * {@code {"rt":…, "hid":…, "pnc":…}}), a raw refresh JWT, or a homebridge {@code config.json} that holds one.
 *
 * <p>{@link #toString} and {@link #describe} never print a secret; the accessors return them raw, for the code that
 * needs them (decrypting pushes).
 */
public record RingCredentials(String refreshToken, Optional<String> hardwareId, Optional<PushCredentials> push,
        Source source) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the credentials were read from. */
    public enum Source {
        /** ring-client-api's encoded token: base64 of {@code {"rt":…}}. */
        ENCODED_TOKEN,
        /** The decoded form of that token: a JSON object with {@code rt}. */
        AUTH_CONFIG_JSON,
        /** A bare Ring refresh JWT. */
        RAW_JWT,
        /** The {@code refreshToken} of the {@code Ring} platform in a homebridge config.json. */
        HOMEBRIDGE_CONFIG,
        /** A JSON object with a {@code refreshToken} field. */
        REFRESH_TOKEN_JSON
    }

    public RingCredentials {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(hardwareId, "hardwareId");
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Reads credentials from text: an encoded token, a raw JWT, a homebridge config.json, or a JSON object with
     * {@code refreshToken} or {@code rt}. Throws {@link CredentialsFormatException} saying what the input is not.
     */
    public static RingCredentials parse(String text) {
        String s = strip(text);
        if (s.isEmpty()) {
            throw new CredentialsFormatException("no credentials: the input is empty");
        }
        if (s.startsWith("{") || s.startsWith("[")) {
            return fromJson(readJson(s, "the input"), "the input");
        }
        return fromToken(s, Source.ENCODED_TOKEN, "the input");
    }

    /** Reads credentials from a file holding any of the forms {@link #parse} accepts. */
    public static RingCredentials read(Path file) throws IOException {
        String s = strip(Files.readString(file, StandardCharsets.UTF_8));
        String where = file.toString();
        if (s.isEmpty()) {
            throw new CredentialsFormatException(where + " is empty");
        }
        if (s.startsWith("{") || s.startsWith("[")) {
            return fromJson(readJson(s, where), where);
        }
        try {
            return fromToken(s, Source.ENCODED_TOKEN, where);
        } catch (CredentialsFormatException e) {
            throw new CredentialsFormatException(where + " is not JSON, and not a Ring token either");
        }
    }

    /** The claims of the refresh token, if it is a JWT (decoded without verifying the signature). */
    public Optional<JwtClaims> refreshTokenClaims() {
        return JwtClaims.decode(refreshToken);
    }

    /**
     * The Web Push keys from {@code pnc.keys}, to decrypt pushes; empty without them. Throws
     * {@link CredentialsFormatException} if they are present but malformed.
     */
    public Optional<WebPushKeys> webPushKeys() {
        return push.flatMap(PushCredentials::keys).map(PushCredentials.Keys::toWebPushKeys);
    }

    /**
     * A few lines naming what these credentials hold, without any secret: the refresh token's claims (user ids as
     * a short SHA-256 prefix), the hardware id, and which push credentials are present.
     */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add("source: " + sourceText());
        lines.add("rt: " + refreshTokenClaims().map(RingCredentials::describe)
                .orElse("not a JWT (" + refreshToken.length() + " characters)"));
        lines.add("hid: " + hardwareId.orElse("absent"));
        lines.add("pnc: " + push.map(RingCredentials::describe).orElse("absent (no push registration yet)"));
        return String.join("\n", lines);
    }

    private String sourceText() {
        String parts = "rt" + (hardwareId.isPresent() ? ", hid" : "") + (push.isPresent() ? ", pnc" : "");
        return switch (source) {
            case ENCODED_TOKEN -> "ring-client-api encoded token (" + parts + ")";
            case AUTH_CONFIG_JSON -> "decoded ring-client-api token JSON (" + parts + ")";
            case RAW_JWT -> "raw Ring refresh token";
            case HOMEBRIDGE_CONFIG -> "homebridge config, Ring platform refreshToken (" + parts + ")";
            case REFRESH_TOKEN_JSON -> "JSON refreshToken (" + parts + ")";
        };
    }

    private static String describe(JwtClaims c) {
        StringJoiner j = new StringJoiner(", ");
        j.add("JWT " + c.algorithm() + c.keyId().map(k -> " kid=" + k).orElse(""));
        c.type().ifPresent(t -> j.add("type=" + t));
        c.refreshClientId().ifPresent(v -> j.add("refresh_cid=" + v));
        c.clientId().ifPresent(v -> j.add("cid=" + v));
        instant(c.issuedAt()).ifPresent(v -> j.add("iat=" + v));
        instant(c.originalIssuedAt()).ifPresent(v -> j.add("oiat=" + v));
        j.add(instant(c.expiresAt()).map(v -> "exp=" + v).orElse("no exp"));
        c.sessionId().ifPresent(v -> j.add("session_id=" + v));
        c.userIdHash().ifPresent(v -> j.add("user=" + v));
        c.issuer().ifPresent(v -> j.add("iss=" + v));
        return j.toString();
    }

    private static String describe(PushCredentials p) {
        List<String> parts = new ArrayList<>();
        p.keys().ifPresent(k -> parts.add("keys(" + String.join(", ", k.present()) + ")"));
        p.gcm().ifPresent(g -> parts.add("gcm(" + String.join(", ", g.present()) + ")"));
        p.fcm().ifPresent(f -> {
            List<String> fcm = new ArrayList<>();
            if (!f.token().isEmpty()) {
                fcm.add("token");
            }
            f.installation().ifPresent(i -> {
                List<String> inst = new ArrayList<>(i.present());
                instant(i.createdAt(), 1).ifPresent(t -> inst.add("createdAt=" + t));
                if (i.createdAt().isPresent() && i.expiresIn().isPresent()) {
                    inst.add("expires=" + Instant.ofEpochMilli(i.createdAt().getAsLong() + i.expiresIn().getAsLong()));
                }
                fcm.add("installation(" + String.join(", ", inst) + ")");
            });
            parts.add("fcm(" + String.join(", ", fcm) + ")");
        });
        if (!p.config().isEmpty()) {
            List<String> config = new ArrayList<>();
            p.config().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> config.add(e.getKey() + "=" + e.getValue()));
            parts.add("config(" + String.join(", ", config) + ")");
        }
        return parts.isEmpty() ? "present but empty" : String.join("; ", parts);
    }

    private static Optional<Instant> instant(OptionalLong seconds) {
        return instant(seconds, 1000);
    }

    private static Optional<Instant> instant(OptionalLong value, long millisPerUnit) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Math.multiplyExact(value.getAsLong(), millisPerUnit)));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static RingCredentials fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new CredentialsFormatException(where + " is JSON but not an object");
        }
        JsonNode platforms = node.get("platforms");
        if (platforms != null) {
            return fromHomebridge(platforms, where);
        }
        if (node.hasNonNull("rt")) {
            return fromAuthConfig(node, Source.AUTH_CONFIG_JSON, where);
        }
        JsonNode token = node.get("refreshToken");
        if (token != null) {
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new CredentialsFormatException(where + ": refreshToken is not a non-empty string");
            }
            return fromToken(token.asText().strip(), Source.REFRESH_TOKEN_JSON, where + " refreshToken");
        }
        throw new CredentialsFormatException(where + " is JSON without \"platforms\", \"refreshToken\" or \"rt\"");
    }

    private static RingCredentials fromHomebridge(JsonNode platforms, String where) {
        if (!platforms.isArray()) {
            throw new CredentialsFormatException(where + ": \"platforms\" is not an array");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode p : platforms) {
            String name = p.path("platform").asText("");
            if (name.equalsIgnoreCase("Ring")) {
                JsonNode token = p.get("refreshToken");
                if (token == null || !token.isTextual() || token.asText().isBlank()) {
                    throw new CredentialsFormatException(where + ": the Ring platform has no refreshToken");
                }
                return fromToken(token.asText().strip(), Source.HOMEBRIDGE_CONFIG,
                        where + ", Ring platform refreshToken");
            }
            names.add(name.isEmpty() ? "(unnamed)" : name);
        }
        throw new CredentialsFormatException(where + ": no platform with \"platform\": \"Ring\""
                + (names.isEmpty() ? " (no platforms)" : " (platforms: " + String.join(", ", names) + ")"));
    }

    /** A raw JWT, or the base64 of a JSON object with {@code rt}. */
    private static RingCredentials fromToken(String token, Source encodedSource, String where) {
        if (JwtClaims.looksLikeJwt(token)) {
            return new RingCredentials(token, Optional.empty(), Optional.empty(),
                    encodedSource == Source.ENCODED_TOKEN ? Source.RAW_JWT : encodedSource);
        }
        Optional<byte[]> decoded = token.chars().allMatch(RingCredentials::base64Char)
                ? Base64Url.decode(token) : Optional.empty();
        if (decoded.isPresent()) {
            String text = strip(new String(decoded.get(), StandardCharsets.UTF_8));
            if (text.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node != null && node.isObject() && node.path("rt").isTextual()) {
                        return fromAuthConfig(node, encodedSource, where);
                    }
                } catch (JsonProcessingException e) {
                    // falls through to the error below
                }
            }
        }
        throw new CredentialsFormatException(where + " is neither a ring-client-api encoded token (base64 of JSON"
                + " with \"rt\") nor a JWT");
    }

    private static RingCredentials fromAuthConfig(JsonNode node, Source source, String where) {
        JsonNode rt = node.get("rt");
        if (!rt.isTextual() || rt.asText().isBlank()) {
            throw new CredentialsFormatException(where + ": \"rt\" is not a non-empty string");
        }
        JsonNode hid = node.get("hid");
        Optional<String> hardwareId = hid != null && hid.isTextual() && !hid.asText().isEmpty()
                ? Optional.of(hid.asText()) : Optional.empty();
        JsonNode pnc = node.get("pnc");
        Optional<PushCredentials> push = pnc != null && pnc.isObject()
                ? Optional.of(PushCredentials.fromJson(pnc)) : Optional.empty();
        return new RingCredentials(rt.asText(), hardwareId, push, source);
    }

    private static JsonNode readJson(String text, String where) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null) {
                throw new CredentialsFormatException(where + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be a secret: give the position only.
            JsonLocation at = e.getLocation();
            throw new CredentialsFormatException(where + " is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    private static boolean base64Char(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
    }

    private static String strip(String s) {
        String t = s == null ? "" : s.strip();
        return t.startsWith("\uFEFF") ? t.substring(1).strip() : t;
    }

    @Override
    public String toString() {
        return "RingCredentials[source=" + source + ", rt=<redacted>, hid=" + hardwareId.orElse("absent")
                + ", pnc=" + push.map(p -> "present").orElse("absent") + "]";
    }
}
