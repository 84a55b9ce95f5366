package dev.trygr.capture;

import java.util.List;

/** A {@code dns_queries} row; see {@link CaptureEvent.DnsQueried} for the meaning of each field. */
public record DnsQueryRow(long id, long sessionId, long atMicros, String clientAddress, Integer clientPort,
                          String transport, Integer queryId, String name, String type, String outcome, String rcode,
                          List<String> answers, Long latencyMicros, String error) {
}
