package dev.trygr.capture.fcm;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * NIST P-256 (secp256r1) keys in the raw forms Web Push uses: a 32-byte private scalar and a 65-byte uncompressed
 * public point {@code 04 || X || Y}. JDK providers only.
 */
final class P256 {
    static final int PRIVATE_KEY_LENGTH = 32;
    static final int PUBLIC_KEY_LENGTH = 65;
    private static final ECParameterSpec PARAMS = params();

    private P256() {
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }

    /** A new key pair: {@code [privateScalar, uncompressedPublicPoint]}. */
    static byte[][] generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(PARAMS, random);
            KeyPair kp = g.generateKeyPair();
            return new byte[][] {
                    fixed(((ECPrivateKey) kp.getPrivate()).getS()),
                    encode(((ECPublicKey) kp.getPublic()).getW())};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    /** The private key for a 32-byte scalar; throws IllegalArgumentException if it is not one. */
    static ECPrivateKey privateKey(byte[] scalar) {
        if (scalar.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("a P-256 private key is 32 bytes, got " + scalar.length);
        }
        BigInteger s = new BigInteger(1, scalar);
        if (s.signum() == 0 || s.compareTo(PARAMS.getOrder()) >= 0) {
            throw new IllegalArgumentException("the P-256 private key is out of range");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK refused the P-256 private key", e);
        }
    }

    /** The public key for a 65-byte uncompressed point; throws IllegalArgumentException unless it is on the curve. */
    static ECPublicKey publicKey(byte[] point) {
        if (point.length != PUBLIC_KEY_LENGTH || point[0] != 0x04) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting 04, got " + point.length
                    + " bytes" + (point.length > 0 ? String.format(" starting %02x", point[0]) : ""));
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.multiply(y).mod(p).equals(rhs)) {
            throw new IllegalArgumentException("the point is not on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK refused the P-256 public key", e);
        }
    }

    /** ECDH: the 32-byte X coordinate of the shared point. */
    static byte[] sharedSecret(ECPrivateKey own, ECPublicKey peer) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(own);
            ka.doPhase(peer, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECDH failed: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(ECPoint w) {
        byte[] out = new byte[PUBLIC_KEY_LENGTH];
        out[0] = 0x04;
        System.arraycopy(fixed(w.getAffineX()), 0, out, 1, 32);
        System.arraycopy(fixed(w.getAffineY()), 0, out, 33, 32);
        return out;
    }

    /** An unsigned big integer as exactly 32 big-endian bytes. */
    private static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
