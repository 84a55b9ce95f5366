package dev.trygr.proxy;

import java.util.List;

/**
 * One {@code --connect-to HOST1:PORT1:HOST2:PORT2} rule with curl's meaning: a connection that would go to
 * HOST1:PORT1 goes to HOST2:PORT2 instead, while SNI, certificate checks and the Host header stay as they were.
 * An empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2 keeps the original. IPv6 literals in brackets.
 */
public record ConnectToRule(String fromHost, int fromPort, String toHost, int toPort) {

    public static ConnectToRule parse(String spec) {
        String[] parts = splitFour(spec);
        String fromHost = unbracket(parts[0]);
        int fromPort = parts[1].isEmpty() ? 0 : HostPort.parsePort(parts[1], spec);
        String toHost = unbracket(parts[2]);
        int toPort = parts[3].isEmpty() ? 0 : HostPort.parsePort(parts[3], spec);
        if (!fromHost.isEmpty() && !HostPort.isPlausibleHost(fromHost)
                || !toHost.isEmpty() && !HostPort.isPlausibleHost(toHost)) {
            throw new IllegalArgumentException("invalid host in --connect-to '" + spec + "'");
        }
        return new ConnectToRule(fromHost, fromPort, toHost, toPort);
    }

    /** Where to open the TCP connection for {@code target}: the first matching rule wins. */
    public static HostPort apply(List<ConnectToRule> rules, HostPort target) {
        for (ConnectToRule rule : rules) {
            if (rule.matches(target)) {
                return new HostPort(rule.toHost.isEmpty() ? target.host() : rule.toHost,
                        rule.toPort == 0 ? target.port() : rule.toPort);
            }
        }
        return target;
    }

    boolean matches(HostPort target) {
        return (fromHost.isEmpty() || fromHost.equalsIgnoreCase(target.host()))
                && (fromPort == 0 || fromPort == target.port());
    }

    private static String[] splitFour(String spec) {
        String[] out = new String[4];
        int field = 0;
        StringBuilder current = new StringBuilder();
        boolean inBrackets = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            }
            if (c == ':' && !inBrackets) {
                if (field == 3) {
                    throw usage(spec);
                }
                out[field++] = current.toString();
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (field != 3) {
            throw usage(spec);
        }
        out[3] = current.toString();
        return out;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static IllegalArgumentException usage(String spec) {
        return new IllegalArgumentException("--connect-to takes HOST1:PORT1:HOST2:PORT2 (curl's form), got '"
                + spec + "'");
    }
}
