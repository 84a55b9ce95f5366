package dev.trygr.analyzer.report;

/**
 * The caps that keep a report's memory bounded whatever the capture's size. What a cap leaves out is still
 * counted, and the report says so ({@link ReportMeta#notes()}).
 *
 * @param hosts              destinations tallied one by one; later ones are added up as one
 * @param clients            client addresses, hardware_ids and user agents tallied each
 * @param endpoints          endpoints (host, method, path template) tallied; later ones are only counted
 * @param bodySamples        bodies read per endpoint for its field names (requests and responses)
 * @param fieldsPerEndpoint  field names kept per endpoint and direction
 * @param dnsNames           (client, name, type) rows kept for the DNS section
 * @param timelineEvents     events kept per client on the credentials timeline
 * @param tokens             issued tokens remembered (by fingerprint prefix) to tell their issuer
 * @param tokenRecipients    (credential kind, host, place) rows kept
 * @param pushMessages       push messages listed one by one
 * @param payloadFields      decrypted payload field paths kept
 * @param evidencePerFinding evidence kept per finding
 * @param findingsPerKind    findings kept per kind (a finding per host, client, data type…); the rest are counted
 */
public record ReportLimits(int hosts, int clients, int endpoints, int bodySamples, int fieldsPerEndpoint,
                           int dnsNames, int timelineEvents, int tokens, int tokenRecipients, int pushMessages,
                           int payloadFields, int evidencePerFinding, int findingsPerKind) {

    public static final ReportLimits DEFAULTS = new ReportLimits(2_000, 500, 3_000, 3, 60, 3_000, 300, 100_000,
            1_000, 100, 150, 10, 200);
}
