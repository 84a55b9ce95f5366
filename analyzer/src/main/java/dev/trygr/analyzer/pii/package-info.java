/**
 * Personal data a capture's clients sent, and to whom: {@link dev.trygr.analyzer.pii.PersonalDataScan}.
 *
 * <h2>Detection, most trusted first</h2>
 * <ol>
 *   <li><b>Known values</b> ({@code known_value}): the account's own identifiers, learned from Ring's responses
 *       (profile and session, locations, devices, device health) and from the {@code --pii-file}
 *       ({@link dev.trygr.analyzer.pii.PiiFile} has the format), searched in the URL, headers, cookies, decoded
 *       bodies (gzip, deflate, br; JSON, forms and queries field by field; base64 and JSON values opened two
 *       layers deep) and client WebSocket messages, as written, URL-encoded, base64 (whole or inside longer base64)
 *       and as MD5, SHA-1 and SHA-256 hex of the trimmed, lower- and upper-case value (e-mails lower-cased before
 *       hashing). Confidence 0.95 for distinctive values (e-mail, phone, full name, street, MAC, serial, SSID,
 *       UUIDs) and for any hash; 0.85 for a fragment inside longer base64; 0.8 for long numeric ids and for a
 *       postcode or city (these only in fields named so); a single given or family name or a user-given device or
 *       place name 0.6 in text, 0.7 as a whole field, 0.9 in a field named like a name. Coordinates count when
 *       latitude and longitude are both there at 2 or more decimals (0.95 from 3 decimals, 0.9 at 2), or as
 *       integers times 1e6/1e7; one alone with 4 or more decimals 0.6.</li>
 *   <li><b>Key names</b> ({@code key_name}): fields named like personal data with a value of the right shape:
 *       e-mail 0.85, sibling latitude and longitude fields 0.85 (one alone, 3+ decimals, 0.5), phone 0.75,
 *       MAC 0.8 (locally administered 0.5), SSID and serial 0.7, hardware and advertising ids 0.7, device id 0.6,
 *       name and street 0.6, a digest in an e-mail, phone, name or address field 0.6, postcode 0.5, IPv4 0.5,
 *       city 0.4.</li>
 *   <li><b>Patterns</b> ({@code pattern}): colon- or dash-separated unicast MACs 0.7 (locally administered 0.4;
 *       bare hex never), E.164 phone numbers 0.6 (North American ones 11 digits with a real area code, which keeps
 *       Unix times out; none in fields named like times or ids), e-mail addresses 0.55 (role mailboxes such as
 *       noreply@ left out), {@code lat,lng} pairs with 3+ decimals, in range, away from 0,0 and not inside a longer
 *       list of numbers 0.5.</li>
 * </ol>
 * One finding per flow, data type and field: the most trusted wins, and nothing is reported that lies inside a
 * more trusted finding of another type. Locations carry the decimals sent and what they resolve to
 * (111,320 m / 10^decimals: 2 ≈ 1.1 km, 3 ≈ 111 m, 4 ≈ 11 m, 5 ≈ 1.1 m, 6 ≈ 0.11 m).
 *
 * <h2>Cost</h2>
 * Two passes over the flows, a page of summaries at a time. The first reads the details of Ring calls only, and of
 * those only the first few of each kind (host, method, path template, status class, client address), plus the
 * {@code --pii-file}; identifiers are learned from the whole capture whatever session is scanned. The second reads
 * every flow of the scanned session once. Findings are kept up to 20 per data type, destination, place and field
 * ({@link dev.trygr.analyzer.pii.FindingCount} has the full counts), so memory does not grow with the capture.
 *
 * <h2>What is never done</h2>
 * Responses are never searched (data arriving from a server is not data sent), so Ring's own profile or locations
 * responses are sources, not leaks. Redaction markers ({@code REDACTED:<kind>:<hex>}) are never personal data
 * and never looked behind. No value the scan knows is ever put in its result: known values are reported as kinds
 * and counts, and excerpts mask every value found (and any long token-like run) as {@code ‹type›}.
 */
package dev.trygr.analyzer.pii;
