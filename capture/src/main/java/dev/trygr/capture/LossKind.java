package dev.trygr.capture;

import java.util.Locale;

/** What the recorder had to give up, as stored in {@code losses.kind}. Other writers may add kinds later. */
public enum LossKind {
    /** A FlowCompleted could not be queued (queue full); the whole flow is missing. */
    FLOW_DROPPED,
    /** A ConnectionOpened/ConnectionClosed could not be queued (queue full). */
    CONNECTION_EVENT_DROPPED,
    /** A WebSocket message could not be queued (queue full). */
    WS_MESSAGE_DROPPED,
    /** A DNS query record could not be queued (queue full). */
    DNS_QUERY_DROPPED,
    /**
     * The queue was past its high-water mark: a flow or WebSocket message was kept but its body bytes were not
     * (count = bodies and messages).
     */
    BODY_BYTES_DROPPED,
    /**
     * A body that may hold a secret could not be scanned (compressed with an encoding this module cannot decode,
     * or cut short), so its bytes were not stored at all (count = bodies).
     */
    BODY_WITHHELD_POSSIBLE_SECRET,
    /** A push message from the MCS channel could not be queued (queue full). */
    PUSH_MESSAGE_DROPPED,
    /** A note about the MCS push channel (login, close, stream error…) could not be queued (queue full). */
    PUSH_CHANNEL_EVENT_DROPPED,
    /**
     * The Ring/FCM recognizers failed on a recorded flow (a bug, not bad input): the flow is stored, its token or
     * FCM rows are not, and the token ledger starts again from the stored rows (count = flows).
     */
    RECOGNIZER_FAILED,
    /** An event reached the writer but could not be written (SQL error); detail carries the last message. */
    WRITE_FAILED;

    /** The value stored in {@code losses.kind}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
