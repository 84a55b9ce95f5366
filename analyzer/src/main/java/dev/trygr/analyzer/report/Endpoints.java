package dev.trygr.analyzer.report;

import java.util.List;

/**
 * Section 6: what the clients called, per host: method and path template (numbers, UUIDs, hex and opaque tokens in
 * the path replaced by {@code {id}}, {@code {uuid}}, {@code {hex}}, {@code {token}}), how often, the request and
 * response field names seen, and which fields carried personal data.
 *
 * @param hosts       hosts with the most flows first
 * @param notListed   flows of endpoints past {@link ReportLimits#endpoints()}, counted only
 * @param bodiesRead  bodies read for field names (a few per endpoint)
 */
public record Endpoints(List<Host> hosts, long notListed, long bodiesRead) {
    public Endpoints {
        hosts = List.copyOf(hosts);
    }

    public record Host(String host, String organisation, Party party, long flows, List<Endpoint> endpoints) {
        public Host {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * One endpoint.
     *
     * @param statuses       counts by status class ({@code 2xx}, {@code 4xx}, {@code no response}, …)
     * @param requestFields  {@code query.name}, {@code $.json.path}, {@code form.name}
     * @param responseFields {@code $.json.path}
     * @param personalData   fields that carried personal data (from section 3)
     * @param contentTypes   request and response content types seen
     */
    public record Endpoint(String method, String template, long count, List<NameCount> statuses, Long firstMicros,
                           Long lastMicros, List<String> requestFields, List<String> responseFields,
                           List<PersonalField> personalData, List<String> contentTypes, List<Long> sampleFlowIds) {
        public Endpoint {
            statuses = List.copyOf(statuses);
            requestFields = List.copyOf(requestFields);
            responseFields = List.copyOf(responseFields);
            personalData = List.copyOf(personalData);
            contentTypes = List.copyOf(contentTypes);
            sampleFlowIds = List.copyOf(sampleFlowIds);
        }
    }

    /** A field that carried personal data: where, which field, what type, how often. */
    public record PersonalField(String where, String fieldPath, String dataType, long count) {
    }
}
