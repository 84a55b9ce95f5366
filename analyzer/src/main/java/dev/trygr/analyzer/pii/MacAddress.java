package dev.trygr.analyzer.pii;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A 48-bit MAC address, from any usual spelling: {@code a4:da:22:f3:c9:1e}, {@code A4-DA-22-F3-C9-1E},
 * {@code a4da.22f3.c91e} or twelve bare hex digits.
 *
 * @param hex twelve lower-case hex digits
 */
record MacAddress(String hex) {
    private static final Pattern SEPARATED = Pattern.compile(
            "[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}");
    private static final Pattern DOTTED = Pattern.compile("[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}");
    private static final Pattern BARE = Pattern.compile("[0-9a-f]{12}");

    static Optional<MacAddress> parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (SEPARATED.matcher(s).matches() || DOTTED.matcher(s).matches() || BARE.matcher(s).matches()) {
            return Optional.of(new MacAddress(s.replaceAll("[:.-]", "")));
        }
        return Optional.empty();
    }

    private int firstOctet() {
        return Integer.parseInt(hex.substring(0, 2), 16);
    }

    boolean isBroadcast() {
        return hex.equals("ffffffffffff");
    }

    boolean isZero() {
        return hex.equals("000000000000");
    }

    /** The I/G bit: a group (multicast) address, never one device's. */
    boolean isMulticast() {
        return (firstOctet() & 1) != 0;
    }

    /** The U/L bit: set by software (randomised Wi-Fi MACs, virtual interfaces), not burned in by a vendor. */
    boolean isLocallyAdministered() {
        return (firstOctet() & 2) != 0;
    }

    /** Could be one device's address: not broadcast, not all zero, not multicast. */
    boolean isUnicast() {
        return !isBroadcast() && !isZero() && !isMulticast();
    }

    /** Colon, dash, dotted and bare spellings, lower case. */
    List<String> spellings() {
        StringBuilder colon = new StringBuilder();
        StringBuilder dash = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                colon.append(':');
                dash.append('-');
            }
            colon.append(hex, i, i + 2);
            dash.append(hex, i, i + 2);
        }
        String dotted = hex.substring(0, 4) + "." + hex.substring(4, 8) + "." + hex.substring(8);
        return List.of(hex, colon.toString(), dash.toString(), dotted);
    }

    String colonSpelling() {
        return spellings().get(1);
    }
}
