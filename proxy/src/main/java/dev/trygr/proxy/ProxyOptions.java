package dev.trygr.proxy;

import java.time.Duration;
import java.util.List;

/**
 * How the proxy runs.
 *
 * @param maxBodyBytes  how many bytes of each body the recorder keeps (the rest is counted and hashed)
 * @param idleTimeout   a connection with no traffic either way for this long is closed
 * @param shutdownGrace how long in-flight exchanges may take to finish when the proxy stops
 * @param dns           the DNS responder's answers and the resolvers trygr itself uses
 */
public record ProxyOptions(List<ModeSpec> modes, List<ConnectToRule> connectTo, InterceptPolicy intercept,
                           AccessPolicy access, long maxBodyBytes, Duration idleTimeout,
                           Duration connectTimeout, Duration shutdownGrace, DnsSettings dns) {

    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    public ProxyOptions {
        modes = List.copyOf(modes);
        connectTo = List.copyOf(connectTo);
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("at least one --mode");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("--max-body must be 0 or more");
        }
        dns = dns == null ? DnsSettings.DEFAULT : dns;
    }

    /** Options with the default DNS settings. */
    public ProxyOptions(List<ModeSpec> modes, List<ConnectToRule> connectTo, InterceptPolicy intercept,
                        AccessPolicy access, long maxBodyBytes, Duration idleTimeout, Duration connectTimeout,
                        Duration shutdownGrace) {
        this(modes, connectTo, intercept, access, maxBodyBytes, idleTimeout, connectTimeout, shutdownGrace, null);
    }

    /** Defaults: one regular listener on 127.0.0.1:8080, everything intercepted, loopback clients only. */
    public static ProxyOptions defaults() {
        return new ProxyOptions(List.of(ModeSpec.DEFAULT), List.of(), InterceptPolicy.INTERCEPT_ALL,
                new AccessPolicy(List.of()), DEFAULT_MAX_BODY, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(3));
    }

    public ProxyOptions withModes(List<ModeSpec> newModes) {
        return new ProxyOptions(newModes, connectTo, intercept, access, maxBodyBytes, idleTimeout, connectTimeout,
                shutdownGrace, dns);
    }

    public ProxyOptions withDns(DnsSettings newDns) {
        return new ProxyOptions(modes, connectTo, intercept, access, maxBodyBytes, idleTimeout, connectTimeout,
                shutdownGrace, newDns);
    }
}
