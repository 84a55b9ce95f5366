package dev.trygr.analyzer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The clients of the summary, three ways: by address, by Ring {@code hardware_id}, by {@code User-Agent}. */
final class ClientTally {
    private static final int MAX_PER_CLIENT = 10;

    private static final class Address {
        long flows;
        long connections;
        long dns;
        Long first;
        Long last;

        void seen(Long at) {
            if (at != null) {
                first = first == null ? at : Math.min(first, at);
                last = last == null ? at : Math.max(last, at);
            }
        }
    }

    private static final class Hardware {
        final Set<String> addresses = new LinkedHashSet<>();
        final Set<String> agents = new LinkedHashSet<>();
        long flows;
        Long first;
        Long last;
    }

    private static final class Agent {
        long flows;
        final Set<String> addresses = new LinkedHashSet<>();
    }

    private final int max;
    private final Map<String, Address> addresses = new LinkedHashMap<>();
    private final Map<String, Hardware> hardware = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private boolean capped;

    ClientTally(int max) {
        this.max = max;
    }

    void flow(String address, String hardwareId, String userAgent, long at) {
        Address a = address(address);
        if (a != null) {
            a.flows++;
            a.seen(at);
        }
        if (hardwareId != null && !hardwareId.isEmpty()) {
            Hardware h = bounded(hardware, hardwareId, Hardware::new);
            if (h != null) {
                h.flows++;
                h.first = h.first == null ? at : Math.min(h.first, at);
                h.last = h.last == null ? at : Math.max(h.last, at);
                addBounded(h.addresses, address);
                addBounded(h.agents, userAgent);
            }
        }
        if (userAgent != null) {
            Agent u = bounded(agents, Excerpts.cut(userAgent), Agent::new);
            if (u != null) {
                u.flows++;
                addBounded(u.addresses, address);
            }
        }
    }

    void connection(String address, Long at) {
        Address a = address(address);
        if (a != null) {
            a.connections++;
            a.seen(at);
        }
    }

    void dnsQuery(String address, long at) {
        Address a = address(address);
        if (a != null) {
            a.dns++;
            a.seen(at);
        }
    }

    private Address address(String address) {
        return address == null ? null : bounded(addresses, address, Address::new);
    }

    private <T> T bounded(Map<String, T> map, String key, java.util.function.Supplier<T> make) {
        T v = map.get(key);
        if (v == null) {
            if (map.size() >= max) {
                capped = true;
                return null;
            }
            v = make.get();
            map.put(key, v);
        }
        return v;
    }

    private static void addBounded(Set<String> set, String value) {
        if (value != null && set.size() < MAX_PER_CLIENT) {
            set.add(value);
        }
    }

    Summary.Clients clients() {
        List<Summary.Address> a = new ArrayList<>();
        addresses.forEach((k, v) -> a.add(new Summary.Address(k, v.flows, v.connections, v.dns, v.first, v.last)));
        a.sort(Comparator.comparingLong((Summary.Address x) -> x.flows() + x.connections() + x.dnsQueries())
                .reversed());
        List<Summary.HardwareId> h = new ArrayList<>();
        hardware.forEach((k, v) -> h.add(new Summary.HardwareId(k, List.copyOf(v.addresses), List.copyOf(v.agents),
                v.flows, v.first, v.last)));
        h.sort(Comparator.comparing(Summary.HardwareId::firstMicros, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Summary.UserAgent> u = new ArrayList<>();
        agents.forEach((k, v) -> u.add(new Summary.UserAgent(k, v.flows, List.copyOf(v.addresses))));
        u.sort(Comparator.comparingLong(Summary.UserAgent::flows).reversed());
        return new Summary.Clients(a, h, u, capped);
    }
}
