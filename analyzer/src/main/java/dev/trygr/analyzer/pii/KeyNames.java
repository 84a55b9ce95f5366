package dev.trygr.analyzer.pii;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Field names that say what a value is. Names are compared normalised: lower case, letters and digits only
 * ({@code first_name}, {@code firstName} and {@code $first_name} are all {@code firstname}).
 */
final class KeyNames {
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String NAME = "name";
    static final String ADDRESS = "address";
    static final String POSTAL_CODE = "postal_code";
    static final String CITY = "city";
    static final String LATITUDE = "latitude";
    static final String LONGITUDE = "longitude";
    static final String COORDINATES = "coordinates";
    static final String SSID = "ssid";
    static final String MAC = "mac";
    static final String SERIAL = "serial";
    static final String DEVICE_ID = "device_id";
    static final String HARDWARE_ID = "hardware_id";
    static final String ADVERTISING_ID = "advertising_id";
    static final String IP_ADDRESS = "ip_address";

    static final Set<String> POSTAL_KEYS = Set.of("zip", "zipcode", "postalcode", "postcode", "postal", "zp");
    static final Set<String> CITY_KEYS = Set.of("city", "town", "locality", "ct");
    /** Fields where a given or family name on its own is a name. */
    static final Set<String> NAME_KEYS = Set.of("name", "firstname", "lastname", "fullname", "givenname",
            "familyname", "surname", "fn", "ln", "username", "displayname", "ownername", "first", "last");
    /** Fields where a user-given device or place name is that name. */
    static final Set<String> LABEL_KEYS = Set.of("name", "description", "devicename", "locationname", "label",
            "title", "nickname");

    private static final Map<String, String> CATEGORIES = new HashMap<>();

    static {
        put(EMAIL, "email", "emailaddress", "mail", "em", "emailid");
        put(PHONE, "phone", "phonenumber", "phoneno", "mobile", "mobilenumber", "tel", "telephone", "msisdn", "ph",
                "cell", "cellphone");
        put(NAME, "firstname", "lastname", "fullname", "givenname", "familyname", "surname", "fn", "ln");
        put(ADDRESS, "address", "streetaddress", "street", "address1", "address2", "addressline1", "addressline2",
                "crossstreet");
        put(POSTAL_CODE, POSTAL_KEYS.toArray(String[]::new));
        put(CITY, "city", "town");
        put(LATITUDE, "lat", "latitude", "geolat", "userlat", "latitudee6", "late6");
        put(LONGITUDE, "lng", "lon", "long", "longitude", "geolng", "geolon", "userlng", "userlon", "longitudee6",
                "lnge6", "lone6");
        put(COORDINATES, "ll", "latlng", "latlon", "latlong", "coordinates", "coords", "geo", "gps", "location",
                "geolocation", "position", "geocoordinates");
        put(SSID, "ssid", "wifiname", "wifissid", "essid", "wifinetwork", "ssidname");
        put(MAC, "mac", "macaddress", "macaddr", "bssid", "wifimac", "apmac", "apaddress", "hwaddr", "hwaddress",
                "ethernetmac", "btmac", "bluetoothmac", "wifimacaddress", "routermac");
        put(SERIAL, "serial", "serialnumber", "serialno", "deviceserial", "dsn", "thirdpartydsn", "amzndsn");
        put(DEVICE_ID, "deviceid", "androidid", "udid", "idfv", "anonid", "deviceuuid", "deviceuid");
        put(HARDWARE_ID, "hardwareid", "hwid");
        put(ADVERTISING_ID, "idfa", "gaid", "aaid", "adid", "advertisingid", "googleadid", "adsid", "advertiserid");
        put(IP_ADDRESS, "ip", "ipaddress", "localip", "privateip", "clientip", "lanip", "ipv4", "deviceip");
    }

    private KeyNames() {
    }

    private static void put(String category, String... keys) {
        for (String k : keys) {
            CATEGORIES.put(k, category);
        }
    }

    /** Lower case, letters and digits only; null stays null. */
    static String normalise(String key) {
        if (key == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = Character.toLowerCase(key.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** What a field of this name holds, or null when its name says nothing. */
    static String category(String key) {
        String k = normalise(key);
        if (k == null || k.isEmpty()) {
            return null;
        }
        String exact = CATEGORIES.get(k);
        if (exact != null) {
            return exact;
        }
        if (k.endsWith("email") || k.endsWith("emailaddress")) {
            return EMAIL;
        }
        if (k.endsWith("phonenumber") || k.endsWith("phone")) {
            return PHONE;
        }
        if (k.endsWith("macaddress") || k.endsWith("bssid")) {
            return MAC;
        }
        if (k.endsWith("serialnumber")) {
            return SERIAL;
        }
        return null;
    }

    /** Whether the field's normalised name is one of {@code keys}. */
    static boolean in(String key, Set<String> keys) {
        String k = normalise(key);
        return k != null && keys.contains(k);
    }
}
