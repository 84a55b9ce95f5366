package dev.trygr.proxy.tls;

/** How {@link CertificateAuthority#export} encodes the CA certificate (never the key). */
public enum ExportFormat {
    /** Base64 PEM, {@code -----BEGIN CERTIFICATE-----}: Linux, macOS, iOS, Firefox, {@code NODE_EXTRA_CA_CERTS}. */
    PEM,
    /** Binary DER, what Android's "Install CA certificate" expects in a {@code .cer}/{@code .crt} file. */
    DER,
    /**
     * PKCS#12 holding the certificate alone as a trusted-certificate entry (no private key), for Windows'
     * certificate import wizard and Java keystores. See {@link CertificateAuthority#export}.
     */
    P12
}
