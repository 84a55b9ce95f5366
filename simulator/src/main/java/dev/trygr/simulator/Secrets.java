package dev.trygr.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How a secret is named in progress lines: a short SHA-256 prefix, never the value. */
public final class Secrets {
    private Secrets() {
    }

    /** {@code sha256:1a2b3c4d} for a secret, {@code -} for null. */
    public static String fingerprint(String secret) {
        if (secret == null) {
            return "-";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
