package dev.trygr.capture;

/**
 * A row of {@code token_events}, {@code fcm_events} or {@code push_messages}, as handed to
 * {@link WriterOptions#ringListener()} after it is committed. No raw token is in any of them: tokens are
 * fingerprints, and {@link #message()} abbreviates them to the 12-hex prefix the redaction markers carry.
 */
public sealed interface RingRow permits TokenEventRow, FcmEventRow, PushMessageRow {

    long id();

    long sessionId();

    /** When it happened (µs). */
    long at();

    /**
     * A sentence for the console when the row is a finding ({@code stale_reuse}, {@code invalid_grant},
     * {@code repeated_password_login}, {@code access_token_expired_use}, {@code fcm_reregistered}); else null.
     */
    String message();

    /** True when the row is a finding worth telling the user about at once. */
    default boolean isFinding() {
        return message() != null;
    }
}
