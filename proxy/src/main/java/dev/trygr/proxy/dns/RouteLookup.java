package dev.trygr.proxy.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The local address the kernel would send from to reach a client: the answer address for queries that arrived on
 * a wildcard listener, where Netty's datagram does not tell the destination address. Found by connecting an
 * unbound-port UDP socket (a route lookup; nothing is sent), and cached per client (bounded, one minute), so an
 * event loop pays the two system calls once per client.
 */
final class RouteLookup {
    private final Cache<InetAddress, InetAddress> cache = Caffeine.newBuilder()
            .maximumSize(1024)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    /** The local address towards {@code client}, or null when there is no route. */
    InetAddress towards(InetAddress client) {
        return cache.get(client, RouteLookup::lookup);
    }

    static InetAddress lookup(InetAddress client) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(client, 53);
            InetAddress local = socket.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? null : local;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return null;
        }
    }
}
