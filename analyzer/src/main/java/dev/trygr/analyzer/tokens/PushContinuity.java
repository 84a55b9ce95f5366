package dev.trygr.analyzer.tokens;

/** Whether the client kept its FCM registration from A to B. */
public sealed interface PushContinuity {

    /**
     * B did not register anew and gave Ring the same token.
     *
     * @param exact    true when the FCM token fingerprints were compared (same capture key); false when inferred (B
     *                 registered nothing and gave Ring a token it did not register, or re-checked in with A's android
     *                 id)
     * @param evidence what it rests on
     */
    record Same(boolean exact, String evidence) implements PushContinuity {
    }

    /** B registered a new FCM token (or gave Ring a different one): Ring keeps pushing to A's registration. */
    record Reregistered(long at, String fcmPrefix, String previousPrefix, boolean sameAndroidId, String evidence)
            implements PushContinuity {
    }

    /** A had no push registration; B registered for the first time. */
    record FirstInB(long at, String fcmPrefix) implements PushContinuity {
    }

    /** No push setup for this client in B (and maybe none in A either). */
    record NoneInB(boolean aHadOne) implements PushContinuity {
    }
}
