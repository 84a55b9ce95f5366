package dev.trygr.capture.har;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.Header;

import java.util.List;

/**
 * One {@code log.entries[i]} as read, fields HAR leaves optional still optional (null or -1). Bodies are already
 * cut to {@code --max-body}.
 *
 * @param index         the entry's index in {@code log.entries}
 * @param startedMicros {@code startedDateTime}, null when missing or not a date-time
 * @param timeMillis    {@code time}, -1 when missing
 * @param response      null when the entry has none
 * @param timings       null when the entry has none
 * @param wsOffset      the byte offset of {@code _webSocketMessages} in the file, -1 when there are none
 * @param error         {@code _error} on the entry, or null
 * @param notes         the {@code _trygr} object (from a trygr export), or {@link Notes#NONE}
 * @param problems      what was wrong but could be worked around, for the user
 */
record HarEntry(int index, Long startedMicros, double timeMillis, Request request, Response response,
                Timings timings, String serverIp, String connection, long wsOffset, String error, Notes notes,
                List<String> problems) {

    /** @param body {@link Body#NONE} when there was none */
    record Request(String method, String url, String httpVersion, List<Header> headers, Body body) {
    }

    /** @param status 0 when the HAR says no response arrived (or gives no usable status) */
    record Response(int status, String statusText, String httpVersion, List<Header> headers, Body body,
                    String error) {
    }

    /**
     * A body as the HAR holds it.
     *
     * @param kept      the bytes (decoded from base64 when HAR said so), at most {@code --max-body}
     * @param length    the body's whole length in bytes, as far as the HAR tells
     * @param truncated {@code kept} is not all of it (over {@code --max-body}, or the HAR held no text)
     */
    record Body(byte[] kept, long length, boolean truncated) {
        static final Body NONE = new Body(new byte[0], 0, false);

        BodySnapshot snapshot() {
            return length == 0 && kept.length == 0 ? BodySnapshot.EMPTY
                    : new BodySnapshot(kept, Math.max(length, kept.length), truncated, null);
        }
    }

    /** HAR timings in ms; -1 where not known. */
    record Timings(double blocked, double dns, double connect, double send, double waitFor, double receive) {
    }

    /** The {@code _trygr} fields a trygr export writes, so a capture → HAR → capture trip keeps them. */
    record Notes(String error, String clientAddress, int clientPort, BodyNote request, BodyNote response) {
        static final Notes NONE = new Notes(null, null, 0, null, null);
    }

    /**
     * @param originalLength the body's length on the wire
     * @param stillEncoded   the HAR holds the body's bytes still Content-Encoded (trygr could not decode them)
     */
    record BodyNote(long originalLength, boolean truncated, boolean withheld, String stillEncoded) {
    }

    /** One {@code _webSocketMessages[]} item. */
    record WsMessage(Long atMicros, boolean fromClient, int opcode, byte[] payload, long length, boolean compressed,
                     boolean truncated) {
    }
}
