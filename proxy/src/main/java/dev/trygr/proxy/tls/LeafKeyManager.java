package dev.trygr.proxy.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one forged chain with the shared leaf key. Handing the key to the JDK directly avoids what
 * {@code SslContextBuilder.forServer(key, chain)} does per context: a PKCS#12 keystore whose key entry is
 * encrypted and decrypted again with 10,000 PBKDF2 rounds, which dominated the cost of a forge.
 */
final class LeafKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "forged";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    LeafKeyManager(PrivateKey key, X509Certificate... chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    /** The alias when asked for our key's type ("EC"); {@code null} otherwise, so the JDK picks a suite we serve. */
    private String alias(String keyType) {
        return key.getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // server side only
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null; // server side only
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null; // server side only
    }
}
