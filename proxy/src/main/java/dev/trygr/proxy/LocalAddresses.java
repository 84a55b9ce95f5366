package dev.trygr.proxy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** This machine's own IP addresses (read once, at start: enumerating interfaces may block). */
final class LocalAddresses {
    private LocalAddresses() {
    }

    static Set<InetAddress> all() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: loopback and exact matches are still caught
        }
        return Set.copyOf(out);
    }
}
