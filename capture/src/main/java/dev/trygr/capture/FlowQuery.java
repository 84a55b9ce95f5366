package dev.trygr.capture;

/**
 * Which flows {@link CaptureReader#flows} returns, in id order (the order they were recorded).
 *
 * @param hostGlob  host pattern, case-insensitive: {@code *} any run of characters, {@code ?} one; null for all
 * @param sessionId only this session's flows; null for all sessions
 * @param afterId   only flows with a larger id (for paging); 0 for all
 * @param limit     at most this many; 0 for no limit
 */
public record FlowQuery(String hostGlob, Long sessionId, long afterId, int limit) {
    public static final FlowQuery ALL = new FlowQuery(null, null, 0, 0);

    public FlowQuery {
        if (afterId < 0 || limit < 0) {
            throw new IllegalArgumentException("afterId and limit must not be negative");
        }
    }

    public FlowQuery withHost(String glob) {
        return new FlowQuery(glob, sessionId, afterId, limit);
    }

    public FlowQuery withSession(long session) {
        return new FlowQuery(hostGlob, session, afterId, limit);
    }

    public FlowQuery withAfterId(long id) {
        return new FlowQuery(hostGlob, sessionId, id, limit);
    }

    public FlowQuery withLimit(int max) {
        return new FlowQuery(hostGlob, sessionId, afterId, max);
    }
}
