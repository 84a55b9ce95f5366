package dev.trygr.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A fake Ring cloud on 127.0.0.1: one HTTPS/1.1 listener that serves every Ring and Google host by its Host
 * header (OAuth with rotation, clients_api, FCM registration), and one raw TLS listener speaking MCS that
 * delivers encrypted Ring pushes. Its own throw-away CA signs one leaf for all hosts.
 *
 * <pre>{@code
 * try (SimulatedCloud cloud = SimulatedCloud.start(SimOptions.defaults())) {
 *     Route direct = cloud.route();          // or Route.viaTrygr(...)
 *     ...
 *     cloud.push(hardwareId, PushKind.DING);
 * }
 * }</pre>
 */
public final class SimulatedCloud implements AutoCloseable {
    /** The names the cloud answers for on its HTTPS listener (its certificate covers them all). */
    public static final List<String> HOSTS = CloudRouter.HOSTS;

    private static final int MAX_REMEMBERED_REQUESTS = 10_000;
    private final SimOptions options;
    private final SimCa ca;
    private final TokenLedger ledger;
    private final PushDirectory directory;
    private final McsServer mcs;
    private final PushComposer composer;
    private final List<PushSent> pushes = Collections.synchronizedList(new ArrayList<>());
    private final List<SeenRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private TlsListener https;
    private TlsListener mcsListener;

    private SimulatedCloud(SimOptions options) {
        this.options = options;
        this.ca = SimCa.generate(CloudRouter.HOSTS);
        this.ledger = new TokenLedger(options.clock(), options.refreshGrace(), options.home().userId(),
                e -> emit("oauth", describe(e)));
        this.directory = new PushDirectory(options.clock());
        this.mcs = new McsServer(directory, this::afterMcsLogin, m -> emit("mcs", m));
        this.composer = new PushComposer(options.home(), new SecureRandom());
    }

    /** Generates the CA and starts both listeners on ephemeral loopback ports. */
    public static SimulatedCloud start(SimOptions options) throws IOException {
        SimulatedCloud cloud = new SimulatedCloud(options);
        try {
            SSLContext context = cloud.ca.serverContext();
            Consumer<String> cloudLog = m -> cloud.emit("cloud", m);
            CloudRouter router = new CloudRouter(
                    new OAuthEndpoint(options.home(), options.twoFactorCode(), cloud.ledger),
                    new ClientsApi(options.home(), cloud.ledger, cloud.directory, cloudLog),
                    new FcmEndpoints(cloud.directory, m -> cloud.emit("fcm", m)),
                    options.gzip(), cloudLog);
            cloud.https = TlsListener.start("https", context,
                    new HttpServing(router::handle, cloud::saw, cloudLog), cloudLog);
            cloud.mcsListener = TlsListener.start("mcs", context, cloud.mcs, m -> cloud.emit("mcs", m));
        } catch (IOException | RuntimeException e) {
            cloud.close();
            throw e;
        }
        cloud.emit("cloud", "listening: https on " + hostPort(cloud.httpsAddress()) + ", mcs on "
                + hostPort(cloud.mcsAddress()));
        return cloud;
    }

    /** The HTTPS listener serving every Ring and Google host (route by SNI-free Host header). */
    public InetSocketAddress httpsAddress() {
        return https.address();
    }

    /** The raw TLS listener speaking MCS, standing in for {@code mtalk.google.com:5228}. */
    public InetSocketAddress mcsAddress() {
        return mcsListener.address();
    }

    /** The CA that signed the cloud's certificate, PEM; what a client or trygr's upstream trust must accept. */
    public String caCertificatePem() {
        return ca.caPem();
    }

    public X509Certificate caCertificate() {
        return ca.caCertificate();
    }

    /** A route straight to this cloud, trusting its CA. */
    public Route route() {
        return Route.direct(httpsAddress(), mcsAddress(), caCertificatePem());
    }

    public SimOptions options() {
        return options;
    }

    public SimulatedHome home() {
        return options.home();
    }

    /**
     * Sends a Ring push to {@code hardwareId}: to the FCM token Ring holds for it (the first one it was given),
     * encrypted to the keys registered for that token, over MCS to the android id the token belongs to (queued
     * until it logs in if it is not connected).
     *
     * @throws IllegalStateException if no client with that hardware id ever PATCHed a push token
     */
    public PushSent push(String hardwareId, PushKind kind) {
        String fcmToken = directory.ringToken(hardwareId).orElseThrow(() -> new IllegalStateException("Ring has no "
                + "push token for hardware id " + hardwareId + "; the client must PATCH /clients_api/device"));
        FcmRegistration target = directory.webRegistration(fcmToken).orElseThrow(() -> new IllegalStateException(
                "the FCM token Ring holds for " + hardwareId + " was never registered with fcmregistrations"));
        PushComposer.Composed composed = composer.compose(kind, target, options.clock().instant());
        boolean delivered = mcs.deliver(Long.parseUnsignedLong(target.androidId()), composed.stanza());
        PushSent sent = new PushSent(options.clock().instant(), hardwareId, kind, fcmToken, target.androidId(),
                composed.persistentId(), composed.payloadJson(), delivered);
        pushes.add(sent);
        emit("cloud", (delivered ? "pushed " : "queued ") + kind.name().toLowerCase(Locale.ROOT)
                + " for hardware id " + hardwareId + " to FCM token " + Secrets.fingerprint(fcmToken)
                + " (android id " + target.androidId() + ", " + composed.persistentId() + ")");
        return sent;
    }

    /** The FCM token Ring pushes to for a hardware id: the first one PATCHed. */
    public Optional<String> ringPushToken(String hardwareId) {
        return directory.ringToken(hardwareId);
    }

    /** Every refresh-token ledger entry, in order. */
    public List<TokenEvent> tokenEvents() {
        return ledger.events();
    }

    public List<FcmRegistration> fcmRegistrations() {
        return directory.webRegistrations();
    }

    public List<DevicePatch> devicePatches() {
        return directory.patches();
    }

    public List<PushSent> pushesSent() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /** The HTTPS requests received (the first 10,000), in arrival order, headers as on the wire. */
    public List<SeenRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        if (mcsListener != null) {
            mcsListener.close();
        }
        if (https != null) {
            https.close();
        }
    }

    private void afterMcsLogin(long androidId) {
        Optional<PushKind> kind = options.pushAfterLogin();
        if (kind.isEmpty()) {
            return;
        }
        for (String hid : directory.hardwareIdsDeliveredTo(androidId)) {
            push(hid, kind.get());
        }
    }

    private void saw(HttpRequest request) {
        if (requests.size() >= MAX_REMEMBERED_REQUESTS) {
            return; // a long demo keeps the first ones; the capture is trygr's job
        }
        requests.add(new SeenRequest(options.clock().instant(), request.method(), request.host(), request.target(),
                request.headers()));
    }

    private void emit(String source, String message) {
        try {
            options.listener().accept(new SimEvent(options.clock().instant(), source, message));
        } catch (RuntimeException ignored) {
            // a failing listener must not break the cloud
        }
    }

    private static String describe(TokenEvent e) {
        return switch (e.kind()) {
            case LOGGED_IN -> "password grant with 2FA for hardware id " + e.hardwareId() + " issued refresh token "
                    + Secrets.fingerprint(e.issued());
            case ROTATED -> "rotated refresh token " + Secrets.fingerprint(e.presented()) + " -> "
                    + Secrets.fingerprint(e.issued());
            case REUSED_WITHIN_GRACE -> "accepted already-used refresh token " + Secrets.fingerprint(e.presented())
                    + " once more within the grace period -> " + Secrets.fingerprint(e.issued());
            case REFUSED_USED -> "refused used refresh token " + Secrets.fingerprint(e.presented())
                    + ": 401 invalid_grant";
            case REFUSED_UNKNOWN -> "refused unknown refresh token " + Secrets.fingerprint(e.presented())
                    + ": 401 invalid_grant";
        };
    }

    static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
