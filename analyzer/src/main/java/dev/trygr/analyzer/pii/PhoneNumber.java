package dev.trygr.analyzer.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A phone number reduced to its digits. A number written with {@code +} (or {@code 00}) carries its country code;
 * one without is kept as written (a ten-digit one is read as North American).
 *
 * @param digits      the digits, country code first when known
 * @param countryCode true when {@code digits} starts with the country code
 */
record PhoneNumber(String digits, boolean countryCode) {

    /** Digits of a number written any usual way; empty for anything else (letters, masks like {@code +1xxx77}). */
    static Optional<PhoneNumber> parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder();
        boolean plus = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return Optional.empty();
            }
        }
        String d = digits.toString();
        if (!plus && d.startsWith("00")) {
            d = d.substring(2);
            plus = true;
        }
        if (!plus && d.length() == 10) {
            d = "1" + d;
            plus = true;
        }
        if (d.length() < 7 || d.length() > 15 || d.chars().distinct().count() == 1) {
            return Optional.empty();
        }
        return Optional.of(new PhoneNumber(d, plus));
    }

    /**
     * Whether digits that followed a {@code +} in free text look like a real E.164 number: 8 to 15 digits, no
     * leading zero; North American ({@code +1}) numbers exactly 11 digits with an area code not starting 0 or 1.
     * That keeps out Unix times in seconds or milliseconds ({@code +1700000000}, {@code +1700000000123}).
     */
    static boolean plausibleE164(String digits) {
        if (digits.length() < 8 || digits.length() > 15 || digits.charAt(0) == '0') {
            return false;
        }
        if (digits.charAt(0) == '1') {
            return digits.length() == 11 && digits.charAt(1) >= '2';
        }
        return digits.chars().distinct().count() > 2;
    }

    /** How the number may be written: E.164 with and without {@code +}, and for +1 the national forms. */
    List<String> spellings() {
        List<String> out = new ArrayList<>();
        if (countryCode) {
            out.add("+" + digits);
        }
        out.add(digits);
        if (countryCode && digits.length() == 11 && digits.startsWith("1")) {
            String n = digits.substring(1);
            String area = n.substring(0, 3);
            String exchange = n.substring(3, 6);
            String line = n.substring(6);
            out.add(n);
            out.add("(" + area + ") " + exchange + "-" + line);
            out.add("(" + area + ")" + exchange + "-" + line);
            out.add(area + "-" + exchange + "-" + line);
            out.add(area + "." + exchange + "." + line);
            out.add(area + " " + exchange + " " + line);
            out.add("+1 " + area + " " + exchange + " " + line);
            out.add("+1-" + area + "-" + exchange + "-" + line);
            out.add("+1 (" + area + ") " + exchange + "-" + line);
        }
        return out;
    }
}
