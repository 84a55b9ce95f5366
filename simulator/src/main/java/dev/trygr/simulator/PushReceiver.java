package dev.trygr.simulator;

import dev.trygr.capture.fcm.McsFrame;
import dev.trygr.capture.fcm.McsTag;
import dev.trygr.capture.fcm.WebPushDecryption;
import dev.trygr.capture.fcm.WebPushDecryptor;
import dev.trygr.capture.fcm.WebPushKeys;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;

/**
 * push-receiver's MCS client (§5.7): TLS to {@code mtalk.google.com:5228} along the route (no SNI, no certificate
 * check by default), version 41 and a LoginRequest as push-receiver 4.3 sends it, then a reader thread that
 * decrypts DataMessageStanzas with capture's {@link WebPushDecryptor} and answers server heartbeats.
 */
final class PushReceiver implements AutoCloseable {
    private static final String CLIENT_ID = "chrome-94.0.4606.51";

    /** The server refused the login or closed before answering it. */
    static final class LoginRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        LoginRefusedException(String message) {
            super(message);
        }
    }

    private final SSLSocket socket;
    private final McsWire wire;
    private final WebPushKeys keys;
    private final Clock clock;
    private final Consumer<ReceivedPush> onPush;
    private final List<ReceivedPush> received = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private int heartbeatAcks;

    private PushReceiver(SSLSocket socket, McsWire wire, WebPushKeys keys, Clock clock,
            Consumer<ReceivedPush> onPush) {
        this.socket = socket;
        this.wire = wire;
        this.keys = keys;
        this.clock = clock;
        this.onPush = onPush;
        this.reader = TlsListener.daemonThreads("mcs-client").newThread(this::readLoop);
    }

    /** Connects and logs in; returns once the LoginResponse arrived. */
    static PushReceiver connect(TlsDialer dialer, PushCredentials credentials, Clock clock,
            Consumer<ReceivedPush> onPush) throws IOException {
        SSLSocket socket = dialer.open(Route.MCS_HOST, Route.MCS_PORT, 10_000);
        try {
            McsWire wire = new McsWire(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
            String androidId = credentials.gcm().androidId();
            wire.write(McsTag.LOGIN_REQUEST, new ProtoWriter()
                    .string(1, CLIENT_ID)
                    .string(2, "mcs.android.com")
                    .string(3, androidId)
                    .string(4, androidId)
                    .string(5, credentials.gcm().securityToken())
                    .string(6, "android-" + Long.toHexString(Long.parseUnsignedLong(androidId)))
                    .message(8, new ProtoWriter().string(1, "new_vc").string(2, "1"))
                    .bool(12, false)
                    .message(13, new ProtoWriter().string(1, "").bool(2, true).varint(3, 300_000))
                    .bool(14, true)
                    .varint(16, 2)
                    .varint(17, 1), true);
            McsFrame answer;
            try {
                answer = wire.read();
            } catch (IOException e) {
                throw new LoginRefusedException("MCS server closed the connection before a LoginResponse: "
                        + e.getMessage());
            }
            if (!(answer instanceof McsFrame.LoginResponse response)) {
                throw new LoginRefusedException("MCS server answered the login with " + answer);
            }
            if (response.error().isPresent()) {
                throw new LoginRefusedException("MCS login refused: " + response.error().get().code() + " "
                        + response.error().get().message());
            }
            socket.setSoTimeout(0);
            PushReceiver receiver = new PushReceiver(socket, wire, credentials.keys().toWebPushKeys(), clock, onPush);
            receiver.reader.start();
            return receiver;
        } catch (IOException | RuntimeException e) {
            TlsListener.closeQuietly(socket);
            throw e;
        }
    }

    /** Waits until at least {@code count} pushes arrived or the timeout passed; returns what arrived. */
    List<ReceivedPush> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    break;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(received);
        }
    }

    /** Sends a HeartbeatPing, as push-receiver does after five quiet minutes, and waits for the server's ack. */
    boolean ping(Duration timeout) throws IOException, InterruptedException {
        int before;
        synchronized (received) {
            before = heartbeatAcks;
        }
        wire.write(McsTag.HEARTBEAT_PING, new ProtoWriter(), false);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (heartbeatAcks == before && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return heartbeatAcks > before;
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                McsFrame frame = wire.read();
                if (frame instanceof McsFrame.DataMessageStanza stanza) {
                    record(stanza);
                } else if (frame instanceof McsFrame.HeartbeatAck) {
                    synchronized (received) {
                        heartbeatAcks++;
                        received.notifyAll();
                    }
                } else if (frame instanceof McsFrame.HeartbeatPing) {
                    wire.write(McsTag.HEARTBEAT_ACK, new ProtoWriter(), false);
                } else if (frame instanceof McsFrame.Close || frame instanceof McsFrame.Malformed) {
                    break;
                }
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            closed = true;
            synchronized (received) {
                received.notifyAll();
            }
        }
    }

    private void record(McsFrame.DataMessageStanza stanza) {
        WebPushDecryption result = WebPushDecryptor.decrypt(keys, stanza);
        ReceivedPush push;
        if (result instanceof WebPushDecryption.Decrypted d) {
            push = new ReceivedPush(clock.instant(), stanza.persistentId(), stanza.from(), Optional.of(d.plaintext()),
                    Optional.empty());
        } else {
            WebPushDecryption.Failed f = (WebPushDecryption.Failed) result;
            push = new ReceivedPush(clock.instant(), stanza.persistentId(), stanza.from(), Optional.empty(),
                    Optional.of(f.failure() + ": " + f.detail()));
        }
        onPush.accept(push); // before waking waiters, so the caller's view includes it
        synchronized (received) {
            received.add(push);
            received.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        TlsListener.closeQuietly(socket);
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
