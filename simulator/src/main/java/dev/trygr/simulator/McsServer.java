package dev.trygr.simulator;

import dev.trygr.capture.fcm.McsFrame;
import dev.trygr.capture.fcm.McsTag;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;

/**
 * The simulated {@code mtalk.google.com:5228} (§5.7): reads the client's version byte and LoginRequest, checks
 * the android id and security token against the checkins, answers with version 41 and a LoginResponse, acks
 * heartbeats, and writes DataMessageStanzas to the android id a push is addressed to. Pushes for an android id
 * that is not connected wait in a queue, as FCM stores them, and go out on its next login.
 */
final class McsServer implements TlsListener.ConnectionHandler {
    private static final int HEARTBEAT_INTERVAL_MS = 300_000;

    private final PushDirectory directory;
    private final LongConsumer onLogin;
    private final Consumer<String> log;
    private final Map<Long, List<Session>> sessions = new HashMap<>();
    private final Map<Long, Deque<ProtoWriter>> queued = new HashMap<>();

    /** One logged-in connection. Writes are serialised by {@link McsWire}; stream ids by this object. */
    private static final class Session {
        final McsWire wire;
        int sent;
        int received;

        Session(McsWire wire) {
            this.wire = wire;
        }

        synchronized void send(McsTag tag, ProtoWriter message) throws IOException {
            sent++;
            wire.write(tag, message, false);
        }
    }

    McsServer(PushDirectory directory, LongConsumer onLogin, Consumer<String> log) {
        this.directory = directory;
        this.onLogin = onLogin;
        this.log = log;
    }

    @Override
    public void serve(SSLSocket socket) throws IOException {
        McsWire wire = new McsWire(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
        McsFrame first;
        try {
            first = wire.read();
        } catch (EOFException e) {
            return;
        }
        if (!(first instanceof McsFrame.LoginRequest login)) {
            log.accept("refused a connection that did not start with a LoginRequest: " + first);
            return;
        }
        long androidId;
        long securityToken;
        try {
            androidId = Long.parseUnsignedLong(login.user());
            securityToken = Long.parseUnsignedLong(login.authToken());
        } catch (NumberFormatException e) {
            androidId = 0;
            securityToken = 0;
        }
        if (!directory.isValid(androidId, securityToken)) {
            log.accept("refused MCS login for android id '" + login.user() + "': bad security token");
            wire.write(McsTag.LOGIN_RESPONSE, new ProtoWriter()
                    .string(1, login.id())
                    .message(3, new ProtoWriter().varint(1, 401).string(2, "AUTHENTICATION_FAILED")
                            .string(3, "auth")), true);
            wire.write(McsTag.CLOSE, new ProtoWriter(), false);
            return;
        }
        Session session = new Session(wire);
        synchronized (session) {
            session.received = 1;
            session.sent = 1;
            wire.write(McsTag.LOGIN_RESPONSE, new ProtoWriter()
                    .string(1, login.id())
                    .string(2, login.user() + "@mcs.android.com")
                    .varint(5, 1)
                    .varint(6, 1)
                    .message(7, new ProtoWriter().varint(3, HEARTBEAT_INTERVAL_MS))
                    .varint(8, System.currentTimeMillis()), true);
        }
        log.accept("MCS login accepted for android id " + login.user() + " (" + serverName(socket)
                + (login.receivedPersistentIds().isEmpty() ? "" : ", acknowledging "
                        + login.receivedPersistentIds().size() + " persistent ids") + ")");
        register(androidId, session);
        try {
            onLogin.accept(androidId);
            readLoop(session);
        } finally {
            unregister(androidId, session);
        }
    }

    /** Writes a DataMessageStanza to every connection of {@code androidId}; queues it if there is none. */
    boolean deliver(long androidId, ProtoWriter stanza) {
        List<Session> targets;
        synchronized (this) {
            targets = new ArrayList<>(sessions.getOrDefault(androidId, List.of()));
            if (targets.isEmpty()) {
                queued.computeIfAbsent(androidId, k -> new ArrayDeque<>()).add(stanza);
                return false;
            }
        }
        boolean any = false;
        for (Session target : targets) {
            try {
                target.send(McsTag.DATA_MESSAGE_STANZA, stanza);
                any = true;
            } catch (IOException e) {
                log.accept("push to android id " + Long.toUnsignedString(androidId) + " failed: " + e.getMessage());
            }
        }
        if (!any) {
            synchronized (this) {
                queued.computeIfAbsent(androidId, k -> new ArrayDeque<>()).add(stanza);
            }
        }
        return any;
    }

    private void readLoop(Session session) throws IOException {
        while (true) {
            McsFrame frame;
            try {
                frame = session.wire.read();
            } catch (EOFException e) {
                return;
            }
            synchronized (session) {
                session.received++;
            }
            if (frame instanceof McsFrame.HeartbeatPing) {
                synchronized (session) {
                    session.send(McsTag.HEARTBEAT_ACK, new ProtoWriter().varint(1, session.sent + 1)
                            .varint(2, session.received));
                }
            } else if (frame instanceof McsFrame.Close) {
                return;
            } else if (frame instanceof McsFrame.Malformed malformed) {
                log.accept("closing an MCS connection after a malformed frame: " + malformed.reason());
                return;
            }
        }
    }

    private void register(long androidId, Session session) {
        Deque<ProtoWriter> waiting;
        synchronized (this) {
            sessions.computeIfAbsent(androidId, k -> new ArrayList<>()).add(session);
            waiting = queued.remove(androidId);
        }
        if (waiting != null) {
            for (ProtoWriter stanza : waiting) {
                deliver(androidId, stanza);
            }
        }
    }

    private synchronized void unregister(long androidId, Session session) {
        List<Session> list = sessions.get(androidId);
        if (list != null) {
            list.remove(session);
            if (list.isEmpty()) {
                sessions.remove(androidId);
            }
        }
    }

    /** {@code no SNI}, as push-receiver connects, or {@code SNI <name>}. */
    private static String serverName(SSLSocket socket) {
        if (socket.getSession() instanceof ExtendedSSLSession session) {
            for (SNIServerName name : session.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return "SNI " + host.getAsciiName();
                }
            }
        }
        return "no SNI";
    }
}
