package dev.trygr.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.CaptureEvent;
import dev.trygr.capture.CaptureSink;
import dev.trygr.capture.Header;
import dev.trygr.capture.fcm.McsDecoder;
import dev.trygr.capture.fcm.McsFrame;
import io.netty.buffer.ByteBuf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the FCM push channel (MCS: a version byte, then tag + varint length + protobuf frames) as it is relayed,
 * and records what it says: push messages ({@code push_messages}, ciphertext kept) and the channel's login,
 * errors and end ({@code fcm_events}; the login's security token only as a fingerprint). Heartbeats are counted,
 * not recorded one by one. A stream that stops making sense is noted once and then only relayed.
 */
final class McsRecorder implements StreamObserver {
    /** The first two client bytes of an MCS stream: version 41, LoginRequest. */
    static final int VERSION = 41;
    static final int LOGIN_REQUEST_TAG = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long connectionKey;
    private final CaptureSink sink;
    private final McsDecoder fromClient = new McsDecoder();
    private final McsDecoder fromServer = new McsDecoder();
    private int heartbeats;
    private int pushes;
    private boolean ended;

    McsRecorder(long connectionKey, CaptureSink sink) {
        this.connectionKey = connectionKey;
        this.sink = sink;
    }

    /** True when a stream's first client bytes, or its destination, say it is MCS. */
    static boolean looksLikeMcs(byte[] clientHead, int length, HostPort target) {
        if (length >= 2 && (clientHead[0] & 0xff) == VERSION && clientHead[1] == LOGIN_REQUEST_TAG) {
            return true;
        }
        return target != null && target.host().toLowerCase(Locale.ROOT).equals("mtalk.google.com");
    }

    @Override
    public void observe(ByteBuf buf, boolean client) {
        McsDecoder decoder = client ? fromClient : fromServer;
        if (decoder.stopped() || !buf.isReadable()) {
            return;
        }
        byte[] chunk = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), chunk);
        for (McsFrame frame : decoder.feed(chunk)) {
            record(frame, client);
        }
    }

    @Override
    public void closed() {
        if (ended) {
            return;
        }
        ended = true;
        for (McsFrame frame : fromClient.finish()) {
            record(frame, true);
        }
        for (McsFrame frame : fromServer.finish()) {
            record(frame, false);
        }
        note("mcs_closed", null, null, detail("pushes", pushes, "heartbeats", heartbeats));
    }

    private void record(McsFrame frame, boolean client) {
        String side = client ? "client" : "server";
        if (frame instanceof McsFrame.DataMessageStanza data) {
            pushes++;
            List<Header> appData = data.appData().stream().map(a -> new Header(a.key(), a.value())).toList();
            sink.submit(new CaptureEvent.PushReceived(connectionKey, MicroClock.now(), emptyToNull(data.persistentId()),
                    emptyToNull(data.from()), emptyToNull(data.category()), appData, data.rawData()));
        } else if (frame instanceof McsFrame.LoginRequest login) {
            note("mcs_login", emptyToNull(login.user()), emptyToNull(login.authToken()),
                    detail("id", login.id(), "device_id", login.deviceId(), "received_persistent_ids",
                            login.receivedPersistentIds().size()));
        } else if (frame instanceof McsFrame.LoginResponse response) {
            note("mcs_login_response", null, null, detail("jid", response.jid(), "error",
                    response.error().map(e -> e.code() + " " + e.message()).orElse(null), "server_timestamp",
                    response.serverTimestamp()));
        } else if (frame instanceof McsFrame.HeartbeatPing || frame instanceof McsFrame.HeartbeatAck) {
            heartbeats++;
        } else if (frame instanceof McsFrame.Close) {
            note("mcs_close", null, null, detail("from", side));
        } else if (frame instanceof McsFrame.StreamError error) {
            note("mcs_stream_error", null, null, detail("from", side, "type", error.type(), "text", error.text()));
        } else if (frame instanceof McsFrame.IqStanza iq) {
            note("mcs_iq", null, null, detail("from", side, "type", iq.type(), "id", iq.id()));
        } else if (frame instanceof McsFrame.Unknown unknown) {
            note("mcs_unknown_frame", null, null, detail("from", side, "tag", unknown.tag(), "length",
                    unknown.length()));
        } else if (frame instanceof McsFrame.Malformed bad) {
            note("mcs_truncated", null, null, detail("from", side, "tag", bad.tag(), "reason", bad.reason()));
        }
    }

    private void note(String kind, String androidId, String secret, String detail) {
        sink.submit(new CaptureEvent.PushChannelNoted(connectionKey, MicroClock.now(), kind, androidId, secret,
                detail));
    }

    /** A JSON object from alternating keys and values; null values are left out. */
    private static String detail(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
