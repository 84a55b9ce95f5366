package dev.trygr.simulator;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Ring-shaped JWTs (§2.3): header {@code {"alg":"RS256","jku":"/oauth/internal/jwks","kid":…,"typ":"JWT"}},
 * the claims Ring's access and refresh tokens carry in alphabetical order, and 256 random bytes where an RS256
 * signature would be. Decodable like Ring's; verifiable by nobody.
 */
final class TokenMint {
    static final String CLIENT_ID = "ring_official_android";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String RND_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random = new SecureRandom();
    private final String kid;
    private final String issuer;

    TokenMint() {
        this.kid = hex(4);
        this.issuer = "RingOauthService-sim:us-east-1:" + hex(4);
    }

    /** The claims an access token carries; {@code exp = iat + 3600}. */
    String access(long userId, String hardwareId, String sessionId, long iat, long oiat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("app_id", CLIENT_ID);
        claims.put("cid", CLIENT_ID);
        claims.put("exp", iat + OAuthEndpoint.EXPIRES_IN);
        claims.put("hardware_id", hardwareId);
        claims.put("iat", iat);
        claims.put("iss", issuer);
        claims.put("oiat", oiat);
        claims.put("rnd", rnd());
        claims.put("scopes", List.of("client"));
        claims.put("session_id", sessionId);
        claims.put("user_id", userId);
        return jwt(claims);
    }

    /** The claims a refresh token carries: no {@code exp}, validity is the server's business. */
    String refresh(long userId, String sessionId, long iat, long oiat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", iat);
        claims.put("iss", issuer);
        claims.put("oiat", oiat);
        claims.put("refresh_cid", CLIENT_ID);
        claims.put("refresh_scopes", List.of("client"));
        claims.put("refresh_user_id", userId);
        claims.put("rnd", rnd());
        claims.put("session_id", sessionId);
        claims.put("type", "refresh-token");
        return jwt(claims);
    }

    private String jwt(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("jku", "/oauth/internal/jwks");
        header.put("kid", kid);
        header.put("typ", "JWT");
        byte[] signature = new byte[256];
        random.nextBytes(signature);
        return B64URL.encodeToString(SimJson.bytes(header)) + "." + B64URL.encodeToString(SimJson.bytes(claims))
                + "." + B64URL.encodeToString(signature);
    }

    private String rnd() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(RND_ALPHABET.charAt(random.nextInt(RND_ALPHABET.length())));
        }
        return sb.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
