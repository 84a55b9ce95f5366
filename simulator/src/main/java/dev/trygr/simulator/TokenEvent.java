package dev.trygr.simulator;

import java.time.Instant;

/**
 * One entry in the cloud's refresh-token ledger, as the cloud saw it.
 *
 * @param kind       what happened
 * @param hardwareId the {@code hardware_id} header of the grant request (may be empty)
 * @param presented  the refresh token the client presented; null for a password grant
 * @param issued     the refresh token issued; null when refused
 * @param sessionId  the OAuth session the tokens belong to; null when refused for an unknown token
 */
public record TokenEvent(Instant at, Kind kind, String hardwareId, String presented, String issued,
        String sessionId) {

    /** The closed set of ledger entries. */
    public enum Kind {
        /** A password grant with the right 2FA code started a session. */
        LOGGED_IN,
        /** A fresh refresh token was redeemed and rotated. */
        ROTATED,
        /** An already-used refresh token was accepted once more within the grace period. */
        REUSED_WITHIN_GRACE,
        /** A used refresh token was presented again after the grace period or a second time: 401. */
        REFUSED_USED,
        /** A refresh token the cloud never issued: 401. */
        REFUSED_UNKNOWN
    }

    @Override
    public String toString() {
        return "TokenEvent[" + kind + ", hid=" + hardwareId + ", presented=" + Secrets.fingerprint(presented)
                + ", issued=" + Secrets.fingerprint(issued) + "]";
    }
}
