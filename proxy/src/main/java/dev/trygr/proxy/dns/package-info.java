/**
 * trygr's DNS responder ({@code --mode dns@HOST:PORT}): point a device's DNS at trygr and the names trygr audits
 * resolve to trygr, everything else to the real resolvers, and every lookup is recorded.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Which names</b> ({@link dev.trygr.proxy.dns.DnsPolicy}): {@code --dns-intercept} globs with
 *       {@code HostGlob} semantics, as {@code --intercept}; {@code *.ring.com} does not match the apex
 *       {@code ring.com}. An intercepted name is always answered locally, never forwarded.</li>
 *   <li><b>Which address</b>: {@code --dns-answer} if given; else the address the query arrived on (the TCP
 *       connection's local address, or the UDP listener's bound address). On a wildcard listener Netty does not
 *       give a datagram's destination, so the answer is the local address the kernel routes to the client from
 *       (a cached route lookup); on a multi-homed host bind a specific address or pass {@code --dns-answer}.
 *       An IPv4 address answers {@code A}, an IPv6 one {@code AAAA}; every other type of an intercepted name
 *       ({@code AAAA} for an IPv4 answer, {@code HTTPS}, {@code SVCB}, …) gets an empty {@code NOERROR}.</li>
 *   <li><b>Forwarding</b> ({@link dev.trygr.proxy.dns.UpstreamExchange}): the client's bytes, with a fresh random
 *       id, from a fresh socket, over the client's transport (UDP over UDP, TCP over TCP); the answer back with the
 *       client's id and otherwise untouched, a truncated (TC) UDP answer included, so the client retries over TCP
 *       itself. Upstreams are tried in order, each for the timeout (a refused connection or ICMP port unreachable
 *       moves on at once); when none answers the client gets SERVFAIL. At most {@code maxInFlight} queries wait for
 *       an upstream; more are dropped unanswered and recorded as failed.</li>
 *   <li><b>Never itself</b> ({@link dev.trygr.proxy.dns.ForwardingLoop}): an upstream that is the listener (same
 *       address, or loopback/own address under a wildcard listener, same port) refuses the start.</li>
 *   <li><b>Bad input</b>: a query that is not one readable standard query of at most 4096 bytes is dropped and
 *       recorded as {@code malformed} with the reason; a TCP client sending one is disconnected, as is an idle
 *       one. Queries are read by hand ({@link dev.trygr.proxy.dns.DnsQuery}, {@link dev.trygr.proxy.dns.DnsReply})
 *       rather than with Netty's DNS decoders: forwarding must keep the client's bytes, and a malformed packet
 *       must be recorded with its sender and the reason.</li>
 * </ul>
 */
package dev.trygr.proxy.dns;
