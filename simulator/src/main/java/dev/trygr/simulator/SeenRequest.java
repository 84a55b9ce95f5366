package dev.trygr.simulator;

import dev.trygr.capture.Header;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One HTTPS request as the simulated cloud received it: header names with their case and order, empty values
 * kept. Headers may carry secrets (authorization, 2fa-code); {@link #toString()} leaves them out.
 */
public record SeenRequest(Instant at, String method, String host, String target, List<Header> headers) {

    public SeenRequest {
        headers = List.copyOf(headers);
    }

    /** The first header of that name, compared case-insensitively. */
    public Optional<String> header(String name) {
        return HttpWire.first(headers, name);
    }

    @Override
    public String toString() {
        return method + " https://" + host + target;
    }
}
