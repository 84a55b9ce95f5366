package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 7: transport security. Plain HTTP, hosts that refused interception (pinning or an untrusted CA), what
 * was passed through unread, the TLS versions clients negotiated, failures, and sessions recorded without upstream
 * certificate verification.
 *
 * @param tlsVersions              client-side TLS versions negotiated, by connection count
 * @param weakTls                  hosts reached with a TLS version older than 1.2
 * @param failures                 why connections failed, most frequent first
 * @param refused                  connections refused because the client was outside {@code --allow}
 * @param upstreamInsecureSessions sessions recorded with {@code --upstream-insecure}
 * @param storeSecretsSessions     sessions recorded with {@code --store-secrets} (raw secrets in the capture)
 */
public record Security(List<PlainHost> plaintext, List<ConnectionGroup> rejected, List<ConnectionGroup> passthrough,
                       List<NameCount> tlsVersions, List<ConnectionGroup> weakTls, List<NameCount> failures,
                       long refused, List<Long> upstreamInsecureSessions, List<Long> storeSecretsSessions) {
    public Security {
        plaintext = List.copyOf(plaintext);
        rejected = List.copyOf(rejected);
        passthrough = List.copyOf(passthrough);
        tlsVersions = List.copyOf(tlsVersions);
        weakTls = List.copyOf(weakTls);
        failures = List.copyOf(failures);
        upstreamInsecureSessions = List.copyOf(upstreamInsecureSessions);
        storeSecretsSessions = List.copyOf(storeSecretsSessions);
    }

    /**
     * A host reached over plain HTTP.
     *
     * @param credentials whether any of its requests carried a credential (a redaction marker)
     */
    public record PlainHost(String host, String organisation, Party party, long flows, long bytesUp,
                            long bytesDown, boolean credentials, List<Long> sampleFlowIds) {
        public PlainHost {
            sampleFlowIds = List.copyOf(sampleFlowIds);
        }
    }

    /** Connections to one host with one outcome (or TLS version). */
    public record ConnectionGroup(String host, String organisation, Party party, long connections, long bytesUp,
                                  long bytesDown, List<String> reasons, List<String> clients, Long firstMicros,
                                  Long lastMicros) {
        public ConnectionGroup {
            reasons = List.copyOf(reasons);
            clients = List.copyOf(clients);
        }
    }
}
