package dev.trygr.simulator;

import java.time.Instant;

/**
 * One progress line from the cloud or a scripted client, for {@code trygr demo} and test logs. Messages never
 * carry a raw secret: tokens appear as {@link Secrets#fingerprint fingerprints}.
 *
 * @param source  who speaks: {@code cloud}, {@code mcs}, or a client's name
 * @param message what happened, past tense
 */
public record SimEvent(Instant at, String source, String message) {

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
