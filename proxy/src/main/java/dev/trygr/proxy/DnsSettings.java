package dev.trygr.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How DNS works in a run: the responder's answers ({@code --dns-intercept}, {@code --dns-answer}) and the
 * resolvers trygr asks, both for names it forwards and for its own upstream connections ({@code --dns-upstream};
 * empty means the system's resolvers).
 *
 * @param intercept the names answered with trygr's address; empty means the default Ring and Google names
 * @param answer    the address to answer with, or null for the address the query arrived on
 */
public record DnsSettings(List<String> intercept, InetAddress answer, List<InetSocketAddress> upstreams) {

    public static final DnsSettings DEFAULT = new DnsSettings(List.of(), null, List.of());

    public DnsSettings {
        intercept = List.copyOf(intercept);
        upstreams = List.copyOf(upstreams);
    }
}
