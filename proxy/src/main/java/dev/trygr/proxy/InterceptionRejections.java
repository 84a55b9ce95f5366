package dev.trygr.proxy;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The (client address, host) pairs whose client refused trygr's certificate, so later connections between them
 * are passed through instead of failing again. Bounded: past {@link #CAPACITY} pairs the oldest half is
 * forgotten (a forgotten pair costs one more failed handshake). Thread-safe.
 */
final class InterceptionRejections {
    static final int CAPACITY = 10_000;

    private final ConcurrentHashMap<String, Long> rejected = new ConcurrentHashMap<>();

    /** Remembers the pair; returns true when it is new. */
    boolean add(String clientAddress, String host) {
        if (rejected.size() >= CAPACITY) {
            long cutoff = rejected.values().stream().sorted().skip(CAPACITY / 2).findFirst().orElse(Long.MAX_VALUE);
            rejected.values().removeIf(at -> at < cutoff);
        }
        return rejected.putIfAbsent(key(clientAddress, host), System.nanoTime()) == null;
    }

    boolean contains(String clientAddress, String host) {
        return rejected.containsKey(key(clientAddress, host));
    }

    private static String key(String clientAddress, String host) {
        return clientAddress + " " + host.toLowerCase(Locale.ROOT);
    }
}
