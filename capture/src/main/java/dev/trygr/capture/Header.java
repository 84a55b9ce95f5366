package dev.trygr.capture;

import java.util.Objects;

/** One header line as it crossed the wire: the name with its case, the value untouched (may be empty). */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
