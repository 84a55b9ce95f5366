package dev.trygr.cli.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesAndDurationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0 B",
        "1|1 B",
        "532|532 B",
        "1023|1023 B",
        "1024|1.0 KiB",
        "1075|1.0 KiB",
        "1126|1.1 KiB",
        "12595|12.3 KiB",
        "1048524|1023.9 KiB",
        "1048575|1.0 MiB",
        "4194304|4.0 MiB",
        "16777216|16.0 MiB",
        "1073741824|1.0 GiB",
        "9223372036854775807|8.0 EiB",
        "-2048|-2.0 KiB",
    })
    void formatsSizes(long bytes, String expected) {
        assertEquals(expected, Sizes.format(bytes));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0.0 ms",
        "40000|0.0 ms",
        "800000|0.8 ms",
        "849999|0.8 ms",
        "9940000|9.9 ms",
        "9960000|10 ms",
        "125000000|125 ms",
        "999400000|999 ms",
        "999600000|1.0 s",
        "3200000000|3.2 s",
        "59940000000|59.9 s",
        "59960000000|1 min 00 s",
        "245000000000|4 min 05 s",
        "3599600000000|1 h 00 min",
        "7620000000000|2 h 07 min",
        "-125000000|-125 ms",
    })
    void formatsNanos(long nanos, String expected) {
        assertEquals(expected, Durations.formatNanos(nanos));
        assertEquals(expected, Durations.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.8|0.8 ms",
        "125|125 ms",
        "3200|3.2 s",
        "-1|-1.0 ms",
    })
    void formatsMillis(double millis, String expected) {
        assertEquals(expected, Durations.formatMillis(millis));
    }

    @Test
    void oddDurations() {
        assertEquals("-", Durations.format(null));
        assertEquals("-", Durations.formatMillis(Double.NaN));
        assertEquals("2562047788015 h 13 min", Durations.format(Duration.ofSeconds(Long.MAX_VALUE / 1000)));
        // Long.MAX_VALUE ns = 9223372036.85 s = 153722867 min (rounded) = 2562047 h 47 min
        assertEquals("-2562047 h 47 min", Durations.formatNanos(Long.MIN_VALUE));
        assertEquals(Durations.format(Duration.ofSeconds(Long.MAX_VALUE)),
                Durations.format(Duration.ofSeconds(Long.MIN_VALUE)).substring(1));
        assertEquals(Durations.formatMillis(Double.MAX_VALUE), Durations.formatMillis(-Double.MAX_VALUE).substring(1));
    }
}
