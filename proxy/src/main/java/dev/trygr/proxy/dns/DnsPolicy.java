package dev.trygr.proxy.dns;

import dev.trygr.capture.HostGlob;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;

/**
 * Which names trygr answers itself, and with what.
 *
 * <p>A name is intercepted when it matches one of the globs with {@link HostGlob} semantics, the same as
 * {@code --intercept}: {@code *.ring.com} matches {@code api.ring.com} and {@code a.b.ring.com} but not
 * {@code ring.com} itself (add {@code ring.com} to intercept the apex). An intercepted name never leaves the
 * machine: every question about it is answered locally, whatever its type or class.
 *
 * <p>The local answer holds one record of the answer address's family for the matching question type: an IPv4
 * address answers {@code A}, an IPv6 address answers {@code AAAA}. Every other type ({@code AAAA} for an IPv4
 * answer, {@code HTTPS}/{@code SVCB} always, so no ECH keys or alternative endpoints reach the client) gets an
 * empty {@code NOERROR} answer, and clients fall back to the address record.
 */
record DnsPolicy(List<String> interceptGlobs) {

    DnsPolicy {
        interceptGlobs = List.copyOf(interceptGlobs);
    }

    boolean intercepts(String name) {
        for (String glob : interceptGlobs) {
            if (HostGlob.matches(glob, name)) {
                return true;
            }
        }
        return false;
    }

    /** The records of the local answer to a question of {@code type} and {@code qclass} about an intercepted name. */
    static List<InetAddress> localRecords(int type, int qclass, InetAddress answer) {
        if (qclass != DnsTypes.CLASS_IN || answer == null) {
            return List.of();
        }
        boolean matches = (type == DnsTypes.A && answer instanceof Inet4Address)
                || (type == DnsTypes.AAAA && answer instanceof Inet6Address);
        return matches ? List.of(answer) : List.of();
    }

    /**
     * The address to put in local answers: {@code --dns-answer} when given; else the address the query arrived on;
     * when that is a wildcard (a listener on {@code 0.0.0.0} or {@code ::}, where the datagram's destination is
     * not known), the local address the kernel would use to reach the client. Null when none can be found.
     */
    static InetAddress answerAddress(InetAddress configured, InetAddress arrivedOn, InetAddress client,
                                     Function<InetAddress, InetAddress> routeTowards) {
        if (configured != null) {
            return configured;
        }
        if (arrivedOn != null && !arrivedOn.isAnyLocalAddress()) {
            return arrivedOn;
        }
        return routeTowards.apply(client);
    }
}
