package dev.trygr.capture.fcm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One decoded frame of the MCS stream between a push receiver and {@code mtalk.google.com:5228} (Chromium
 * {@code mcs.proto}; field numbers in ring-protocol.md §5.8). A frame that could not be decoded is {@link Malformed};
 * a well-framed message with a tag this decoder does not read is {@link Unknown}. Absent string fields are empty
 * strings, absent numbers zero, as protobuf reads them.
 */
public sealed interface McsFrame {

    /** The tag byte of this frame, or -1 for a failure before any tag (a bad version byte). */
    int tag();

    /** Login, client to server. {@code authToken} is the GCM security token: a secret, never in toString. */
    record LoginRequest(
            String id,
            String domain,
            String user,
            String resource,
            String authToken,
            String deviceId,
            List<String> receivedPersistentIds,
            List<Setting> settings) implements McsFrame {

        public LoginRequest {
            receivedPersistentIds = List.copyOf(receivedPersistentIds);
            settings = List.copyOf(settings);
        }

        @Override
        public int tag() {
            return McsTag.LOGIN_REQUEST.code();
        }

        @Override
        public String toString() {
            return "LoginRequest[id=" + id + ", domain=" + domain + ", user=" + user + ", resource=" + resource
                    + ", authToken=" + (authToken.isEmpty() ? "absent" : "<redacted>") + ", deviceId=" + deviceId
                    + ", receivedPersistentIds=" + receivedPersistentIds + ", settings=" + settings + "]";
        }
    }

    /** A {@code Setting} of a LoginRequest. */
    record Setting(String name, String value) {
    }

    /** Login answer, server to client. */
    record LoginResponse(
            String id,
            String jid,
            Optional<ErrorInfo> error,
            int streamId,
            long serverTimestamp,
            OptionalInt heartbeatIntervalMs) implements McsFrame {

        @Override
        public int tag() {
            return McsTag.LOGIN_RESPONSE.code();
        }
    }

    /** The {@code ErrorInfo} of a LoginResponse. */
    record ErrorInfo(int code, String message, String type) {
    }

    record HeartbeatPing(int streamId, int lastStreamIdReceived, long status) implements McsFrame {
        @Override
        public int tag() {
            return McsTag.HEARTBEAT_PING.code();
        }
    }

    record HeartbeatAck(int streamId, int lastStreamIdReceived, long status) implements McsFrame {
        @Override
        public int tag() {
            return McsTag.HEARTBEAT_ACK.code();
        }
    }

    record Close() implements McsFrame {
        @Override
        public int tag() {
            return McsTag.CLOSE.code();
        }
    }

    /**
     * An IqStanza.
     *
     * @param type 0 get, 1 set, 2 result, 3 error
     */
    record IqStanza(int type, String id, String from, String to, OptionalInt extensionId) implements McsFrame {
        @Override
        public int tag() {
            return McsTag.IQ_STANZA.code();
        }
    }

    /**
     * A push message. For Web Push, {@code appData} holds {@code crypto-key} and {@code encryption} and
     * {@code rawData} the ciphertext (see {@link WebPushDecryptor}). {@code rawData} is empty when absent.
     */
    record DataMessageStanza(
            String id,
            String from,
            String to,
            String category,
            String token,
            List<AppData> appData,
            String persistentId,
            int ttl,
            long sent,
            byte[] rawData,
            boolean immediateAck) implements McsFrame {

        public DataMessageStanza {
            appData = List.copyOf(appData);
            rawData = rawData.clone();
        }

        @Override
        public int tag() {
            return McsTag.DATA_MESSAGE_STANZA.code();
        }

        /** A copy of the raw data. */
        @Override
        public byte[] rawData() {
            return rawData.clone();
        }

        /** The value of the first {@code app_data} entry named {@code key}. */
        public Optional<String> appData(String key) {
            return AppData.find(appData, key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataMessageStanza d && id.equals(d.id) && from.equals(d.from) && to.equals(d.to)
                    && category.equals(d.category) && token.equals(d.token) && appData.equals(d.appData)
                    && persistentId.equals(d.persistentId) && ttl == d.ttl && sent == d.sent
                    && Arrays.equals(rawData, d.rawData) && immediateAck == d.immediateAck;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, from, to, category, token, appData, persistentId, ttl, sent,
                    Arrays.hashCode(rawData), immediateAck);
        }

        @Override
        public String toString() {
            return "DataMessageStanza[id=" + id + ", from=" + from + ", to=" + to + ", category=" + category
                    + ", token=" + token + ", appData=" + appData + ", persistentId=" + persistentId + ", ttl=" + ttl
                    + ", sent=" + sent + ", rawData=" + rawData.length + " bytes, immediateAck=" + immediateAck + "]";
        }
    }

    record StreamError(String type, String text) implements McsFrame {
        @Override
        public int tag() {
            return McsTag.STREAM_ERROR_STANZA.code();
        }
    }

    /** A well-framed message whose tag this decoder does not read; its body was skipped. */
    record Unknown(int tag, int length) implements McsFrame {
        public String tagName() {
            return McsTag.describe(tag);
        }
    }

    /**
     * A frame that did not decode. After a framing failure (bad version byte, over-long length) the decoder stops;
     * after a body that does not parse it goes on with the next frame.
     */
    record Malformed(int tag, String reason) implements McsFrame {
    }
}
