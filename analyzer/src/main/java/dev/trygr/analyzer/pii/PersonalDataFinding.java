package dev.trygr.analyzer.pii;

/**
 * One piece of personal data in one request.
 *
 * @param dataType         {@code email}, {@code name}, {@code phone}, {@code address}, {@code location},
 *                         {@code device_id}, {@code device_name}, {@code location_id}, {@code location_name},
 *                         {@code account_id}, {@code mac}, {@code serial}, {@code ssid}, {@code hardware_id},
 *                         {@code advertising_id}, {@code ip_address}, or a type named in the {@code --pii-file}
 * @param method           {@code known_value} (one of the account's own identifiers), {@code key_name} (a field
 *                         named like personal data, value checked) or {@code pattern} (a validated shape)
 * @param form             how the value was written: {@code plain}, {@code url_encoded}, {@code base64},
 *                         {@code md5}, {@code sha1}, {@code sha256}
 * @param confidence       0..1, how sure the finding is (see the package documentation for the values)
 * @param party            left null: the report fills it from its domain list
 * @param atMicros         when the request started, microseconds since the epoch
 * @param where            {@code url}, {@code header}, {@code cookie} or {@code body}
 * @param fieldPath        the field: {@code query.email}, {@code path}, a header or cookie name,
 *                         {@code $.a.b[0].c} in JSON, the name in a form, {@code body} for other text;
 *                         {@code |base64|} and {@code |json|} mark a value decoded from another;
 *                         {@code ws[n]} prefixes the n-th WebSocket message the client sent
 * @param excerpt          the text around the value, with the value (and any other personal data near it) masked
 *                         as {@code ‹type›} or {@code ‹type:form›}
 * @param locationDecimals for locations: the decimal places sent (the least of latitude and longitude); else null
 * @param locationMetres   for locations: what those decimals resolve to on the ground (111,320 m / 10^decimals);
 *                         else null
 */
public record PersonalDataFinding(String dataType, String method, String form, double confidence,
                                  String destinationHost, String party, long flowId, long atMicros, String where,
                                  String fieldPath, String excerpt, Integer locationDecimals,
                                  Double locationMetres) {
}
