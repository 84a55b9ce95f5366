package dev.trygr.proxy;

import java.net.InetAddress;
import java.util.List;

/**
 * Who may use the proxy. Loopback clients always may; others only from an {@code --allow} range. Listening on
 * a non-loopback address at all requires at least one range, so that trygr is never an open proxy by accident.
 */
public record AccessPolicy(List<Cidr> allowed) {

    public AccessPolicy {
        allowed = List.copyOf(allowed);
    }

    public boolean admits(InetAddress client) {
        if (client.isLoopbackAddress()) {
            return true;
        }
        for (Cidr range : allowed) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** Empty when binding {@code listen} is fine; otherwise the reason to refuse, fit for the user. */
    public String refusalToBind(InetAddress listen, String spec) {
        if (listen.isLoopbackAddress() || !allowed.isEmpty()) {
            return "";
        }
        return "refusing to listen on " + spec + ": it is not a loopback address, and without --allow CIDR "
                + "anyone who can reach it could use trygr as an open proxy. Add --allow with the range of your "
                + "devices, e.g. --allow 192.168.1.0/24";
    }
}
