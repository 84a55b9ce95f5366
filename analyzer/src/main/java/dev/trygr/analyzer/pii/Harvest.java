package dev.trygr.analyzer.pii;

import dev.trygr.analyzer.pii.Identifier.Strength;
import dev.trygr.capture.BodyDecoding;
import dev.trygr.capture.FlowDetail;
import dev.trygr.capture.FlowSummary;
import dev.trygr.capture.Header;
import dev.trygr.capture.StoredBody;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Learns the account's own identifiers from what Ring's API told the client (§4.5 of the protocol notes): the
 * profile and session (e-mail, names, phone, hardware id, account id), locations (street address, postcode, city,
 * coordinates, location ids and names), devices (device ids, MAC-like {@code device_id}s, names, owners,
 * addresses, coordinates, serials, MACs) and device health (Wi-Fi SSID); and from what the client told Ring (the
 * {@code hardware_id} header and session body, the OAuth user name). Only Ring's own hosts are read, and these
 * responses are never searched for leaks: data arriving from Ring is not data sent.
 */
final class Harvest {
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final Pattern DEVICE_LIST = Pattern.compile(
            "\\$\\.(doorbots|stickup_cams|chimes|authorized_doorbots|base_stations|beams_bridges|other|intercoms"
                    + "|devices)\\[]\\.([a-z_]+)");
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}");
    private static final Pattern DIGITS = Pattern.compile("\\d{6,20}");
    private static final Set<String> MAC_KEYS = Set.of("mac_address", "mac", "bssid", "ap_mac", "ap_address",
            "wifi_mac", "macaddress");
    private static final Set<String> SERIAL_KEYS = Set.of("serial_number", "serialnumber", "serial",
            "third_party_dsn", "amzn_dsn", "dsn");
    private static final Set<String> SSID_KEYS = Set.of("wifi_name", "ssid", "ssid_name", "wifi_ssid");
    private static final Set<String> DEVICE_ID_KEYS = Set.of("device_id", "zid", "device_zid", "doorbot_id",
            "adapter_zid", "adapterzid");

    static final int READS_PER_KIND = 8;
    private static final int MAX_KINDS = 10_000;

    private final KnownValues known;
    private final Map<String, Integer> seen = new HashMap<>();

    Harvest(KnownValues known) {
        this.known = known;
    }

    /** Ring's own API hosts: {@code *.ring.com}, {@code *.rings.solutions}, {@code *.ring.devices.a2z.com}. */
    static boolean ringHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("ring.com") || h.endsWith(".ring.com") || h.endsWith(".rings.solutions")
                || h.endsWith(".ring.devices.a2z.com");
    }

    /**
     * Whether the flow's details are worth reading: a Ring call, and among those only the first few of each kind
     * (host, method, path template, status class) from each client address. Identifiers repeat from call to call, so a capture
     * of a client polling device health all week is read once here, not a hundred thousand times.
     */
    boolean wants(FlowSummary flow) {
        if (!ringHost(flow.host())) {
            return false;
        }
        String kind = flow.host() + " " + flow.method() + " " + template(flow.path()) + " " + flow.clientAddress()
                + " " + flow.status() / 100;
        if (seen.size() >= MAX_KINDS && !seen.containsKey(kind)) {
            return false;
        }
        return seen.merge(kind, 1, Integer::sum) <= READS_PER_KIND;
    }

    /**
     * Learns from one Ring flow: its request headers and body, its response when 2xx, and the messages the server
     * sent on it when it is a WebSocket (the location socket's device documents carry serial numbers and zids).
     */
    void read(FlowDetail flow, WsMessages messages) {
        FlowSummary s = flow.summary();
        if (!ringHost(s.host())) {
            return;
        }
        String template = template(s.path());
        for (Header h : flow.requestHeaders()) {
            if (h.name().equalsIgnoreCase("hardware_id")) {
                known.add("hardware_id", h.value(), Strength.DISTINCTIVE, "hardware_id header");
            }
        }
        String requestSource = template + " request";
        json(flow.requestBody(), (path, key, text, number, container) -> {
            if ("hardware_id".equals(key)) {
                known.add("hardware_id", text, Strength.DISTINCTIVE, requestSource);
            } else if ("username".equals(key) && KeyNameFinder.EMAIL.matcher(text.strip()).matches()) {
                known.add("email", text, Strength.DISTINCTIVE, requestSource);
            }
        });
        if (s.status() >= 200 && s.status() < 300) {
            ResponseRules rules = new ResponseRules(template + " response");
            json(flow.responseBody(), rules::leaf);
            rules.finish();
        }
        messages.forEach(m -> {
            if (!m.fromClient() && m.opcode() == 1 && m.data().length > 0) {
                ResponseRules rules = new ResponseRules(template + " websocket");
                int[] n = {0};
                JsonWalk.walk(m.data(), "", rules::leaf, () -> ++n[0]);
                rules.finish();
            }
        });
    }

    private static void json(StoredBody body, JsonWalk.Leaves leaves) {
        if (body == null || body.withheld() || body.data().length == 0) {
            return;
        }
        byte[] plain = BodyDecoding.decode(body.data(), body.contentEncoding(), body.truncated()).bytes();
        if (BodyKind.of(body.contentType(), plain) == BodyKind.JSON) {
            int[] n = {0};
            JsonWalk.walk(plain, "", leaves, () -> ++n[0]);
        }
    }

    /**
     * {@code /clients_api/doorbots/684213579/health} reads {@code clients_api/doorbots/{id}/health}: ids, anything
     * with an {@code @}, an escape or four digits, and long segments read {@code {id}}, so no value ends up in a
     * source's name.
     */
    static String template(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            boolean id = ID_SEGMENT.matcher(segment).matches() || segment.indexOf('@') >= 0
                    || segment.indexOf('%') >= 0 || segment.chars().filter(Character::isDigit).count() >= 4
                    || segment.length() > 40;
            out.append(id ? "{id}" : segment);
        }
        return out.toString();
    }

    /** What one Ring response's fields are, by name and place. */
    private final class ResponseRules {
        private final String source;
        private final Map<Integer, String[]> names = new HashMap<>();

        ResponseRules(String source) {
            this.source = source;
        }

        void leaf(String path, String key, String text, boolean number, int container) {
            if (key == null || text.isBlank()) {
                return;
            }
            String k = key.toLowerCase(Locale.ROOT);
            String norm = INDEX.matcher(path).replaceAll("[]");
            var device = DEVICE_LIST.matcher(norm);
            boolean inDeviceList = device.matches();
            switch (k) {
                case "email" -> {
                    if (KeyNameFinder.EMAIL.matcher(text.strip()).matches()) {
                        known.add("email", text, Strength.DISTINCTIVE, source);
                    }
                }
                case "first_name", "last_name" -> {
                    known.add("name", text, Strength.WEAK, source);
                    names.computeIfAbsent(container, c -> new String[2])[k.startsWith("first") ? 0 : 1] = text.strip();
                }
                case "phone_number", "phone" -> {
                    if (PhoneNumber.parse(text).isPresent()) {
                        known.add("phone", text, Strength.DISTINCTIVE, source);
                    }
                }
                case "hardware_id" -> known.add("hardware_id", text, Strength.DISTINCTIVE, source);
                case "id" -> {
                    if (norm.equals("$.profile.id") || norm.endsWith(".owner.id")) {
                        numeric("account_id", text);
                    } else if (inDeviceList || norm.equals("$.device_health.id")) {
                        numeric("device_id", text);
                    }
                }
                case "owner_id", "user_id" -> numeric("account_id", text);
                case "location_id" -> known.add("location_id", text, strength(text), source);
                case "address1", "address2", "cross_street", "address" -> {
                    if (!number && text.strip().length() >= 6 && text.chars().anyMatch(Character::isLetter)) {
                        known.add("address", text, Strength.DISTINCTIVE, source);
                    }
                }
                case "zip_code", "zip", "postal_code" ->
                        known.add("address", text, Strength.NUMERIC, KeyNames.POSTAL_KEYS, source);
                case "city" -> known.add("address", text, Strength.NUMERIC, KeyNames.CITY_KEYS, source);
                case "latitude", "lat" -> known.coordinate(true, text, source);
                case "longitude", "lng", "lon" -> known.coordinate(false, text, source);
                case "description" -> {
                    if (inDeviceList) {
                        known.add("device_name", text, Strength.WEAK, source);
                    }
                }
                case "name" -> {
                    if (norm.equals("$.user_locations[].name")) {
                        known.add("location_name", text, Strength.WEAK, source);
                    } else if (inDeviceList) {
                        known.add("device_name", text, Strength.WEAK, source);
                    }
                }
                default -> other(k, text);
            }
        }

        private void other(String k, String text) {
            if (SSID_KEYS.contains(k)) {
                known.add("ssid", text, Strength.DISTINCTIVE, source);
            } else if (MAC_KEYS.contains(k)) {
                MacAddress.parse(text).filter(MacAddress::isUnicast)
                        .ifPresent(m -> known.add("mac", m.colonSpelling(), Strength.DISTINCTIVE, source));
            } else if (SERIAL_KEYS.contains(k) && text.strip().length() >= 6) {
                known.add("serial", text, Strength.DISTINCTIVE, source);
            } else if (DEVICE_ID_KEYS.contains(k)) {
                known.add("device_id", text, strength(text), source);
            }
        }

        private void numeric(String type, String text) {
            if (DIGITS.matcher(text.strip()).matches()) {
                known.add(type, text, Strength.NUMERIC, source);
            }
        }

        private Strength strength(String text) {
            return text.strip().chars().allMatch(Character::isDigit) ? Strength.NUMERIC : Strength.DISTINCTIVE;
        }

        /** A first and a last name in one object make a full name, which means something anywhere. */
        void finish() {
            for (String[] pair : names.values()) {
                if (pair[0] != null && pair[1] != null) {
                    known.add("name", pair[0] + " " + pair[1], Strength.DISTINCTIVE, source);
                }
            }
        }
    }
}
