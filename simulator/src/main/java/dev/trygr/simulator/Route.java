package dev.trygr.simulator;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a scripted client's connections go: for a host and port it would contact, the address to open the TCP
 * connection to, the SNI to send (none for MCS, like push-receiver's bare {@code tls.TLSSocket}) and what to trust.
 * The same client talks to the {@link SimulatedCloud} directly or through trygr:
 *
 * <ul>
 *   <li>{@link #direct}: every HTTPS host to the cloud's HTTPS listener, {@code mtalk.google.com:5228} to its MCS
 *       listener, trusting the cloud's CA.</li>
 *   <li>{@link #viaTrygr}: every HTTPS host to trygr's transparent listener with SNI = the real host (as if DNS
 *       pointed at trygr), MCS to trygr's {@code reverse:tls} listener with no SNI, trusting trygr's CA.</li>
 * </ul>
 *
 * @param https      where HTTPS connections go, whatever the host
 * @param mcs        where the MCS connection ({@code mtalk.google.com:5228}) goes
 * @param trustedPem the CA certificate(s) HTTPS servers must chain to, PEM
 * @param verifyMcs  whether the MCS connection checks the server's certificate at all; push-receiver does not
 *                   (§5.7), so false is the faithful setting
 */
public record Route(InetSocketAddress https, InetSocketAddress mcs, String trustedPem, boolean verifyMcs) {

    /** The host and port push-receiver connects to for MCS. */
    public static final String MCS_HOST = "mtalk.google.com";
    public static final int MCS_PORT = 5228;

    /**
     * How to reach one host.
     *
     * @param connectTo where the TCP connection is opened
     * @param sni       the server name to send; empty for none
     * @param verify    whether the certificate chain and the host name are checked against {@code trustedPem}
     */
    public record Hop(InetSocketAddress connectTo, Optional<String> sni, boolean verify) {
    }

    public Route {
        Objects.requireNonNull(https, "https");
        Objects.requireNonNull(mcs, "mcs");
        Objects.requireNonNull(trustedPem, "trustedPem");
    }

    /** Straight to a simulated cloud. */
    public static Route direct(InetSocketAddress cloudHttps, InetSocketAddress cloudMcs, String cloudCaPem) {
        return new Route(cloudHttps, cloudMcs, cloudCaPem, false);
    }

    /** Through trygr: its transparent HTTPS listener and its {@code reverse:tls} MCS listener, trusting its CA. */
    public static Route viaTrygr(InetSocketAddress transparent, InetSocketAddress reverseTls, String trygrCaPem) {
        return new Route(transparent, reverseTls, trygrCaPem, false);
    }

    /** The same route, checking the MCS server's certificate too (stricter than push-receiver). */
    public Route verifyingMcs() {
        return new Route(https, mcs, trustedPem, true);
    }

    public Hop hop(String host, int port) {
        if (host.equals(MCS_HOST) && port == MCS_PORT) {
            return new Hop(mcs, Optional.empty(), verifyMcs);
        }
        return new Hop(https, Optional.of(host), true);
    }
}
