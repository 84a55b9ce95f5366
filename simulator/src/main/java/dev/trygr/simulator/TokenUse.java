package dev.trygr.simulator;

import java.util.Optional;

/**
 * One token grant a scripted client made, as the client saw it.
 *
 * @param start     which start (process lifetime) of the client made it, from 1
 * @param grant     {@code password} or {@code refresh_token}
 * @param presented the refresh token presented (null for a password grant)
 * @param status    the HTTP status of the answer
 * @param issued    the refresh token received (null unless 200)
 * @param error     the OAuth {@code error} of a refusal, e.g. {@code invalid_grant}
 */
public record TokenUse(int start, String grant, String presented, int status, String issued,
        Optional<String> error) {

    public boolean succeeded() {
        return status == 200;
    }

    @Override
    public String toString() {
        return "TokenUse[start " + start + ", " + grant + ", presented=" + Secrets.fingerprint(presented) + ", status="
                + status + ", issued=" + Secrets.fingerprint(issued) + error.map(e -> ", " + e).orElse("") + "]";
    }
}
