package dev.trygr.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One start (one process lifetime) of a scripted Ring client that behaves like ring-client-api with
 * push-receiver: it reads its encoded token from a homebridge-style {@code config.json}, logs in with two-factor
 * or refreshes, calls clients_api, registers for FCM (or re-checks-in with stored credentials), PATCHes its push
 * token, and listens on MCS. Whether it writes rotated tokens back to the file is up to the caller
 * ({@code persist}), which is what the scenarios vary.
 */
public final class RingClient implements AutoCloseable {
    private final String name;
    private final int start;
    private final Path configFile;
    private final boolean persist;
    private final Clock clock;
    private final Consumer<SimEvent> listener;
    private final TlsDialer dialer;
    private final HttpsClient http;
    private final RingRestClient rest;
    private final PushRegistrar registrar;
    private final List<TokenUse> tokenUses = new ArrayList<>();
    private final List<ReceivedPush> pushes = new ArrayList<>();
    private AuthConfig auth;
    private String accessToken;
    private PushReceiver receiver;

    /**
     * @param name        for progress lines
     * @param start       which start of this client this is, from 1
     * @param route       where connections go
     * @param configFile  the homebridge-style config; read now, written on every token update when {@code persist}
     * @param hardwareId  used when the configured token carries no {@code hid} (or there is none)
     * @param persist     save every updated encoded token to {@code configFile}, as homebridge-ring does
     */
    public RingClient(String name, int start, Route route, Path configFile, String hardwareId, boolean persist,
            Clock clock, Consumer<SimEvent> listener) throws IOException {
        this.name = name;
        this.start = start;
        this.configFile = configFile;
        this.persist = persist;
        this.clock = clock;
        this.listener = listener;
        Optional<String> configured = HomebridgeConfig.readRefreshToken(configFile);
        AuthConfig parsed = configured.map(AuthConfig::decode).orElse(null);
        String hid = parsed != null && parsed.hid() != null ? parsed.hid() : hardwareId;
        this.auth = parsed == null ? null : new AuthConfig(parsed.rt(), hid, parsed.pnc());
        this.dialer = new TlsDialer(route);
        this.http = new HttpsClient(dialer);
        this.rest = new RingRestClient(http, hid);
        this.registrar = new PushRegistrar(http, new SecureRandom(), clock);
        emit(configured.isPresent() ? "started with the token in " + configFile.getFileName() + " (refresh token "
                + Secrets.fingerprint(auth.rt()) + (auth.pnc() != null ? ", with push credentials)" : ")")
                : "started without a token");
    }

    public String hardwareId() {
        return rest.hardwareIdForHeaders();
    }

    /** The encoded token as this client currently holds it (ring-client-api's last {@code onRefreshTokenUpdated}). */
    public Optional<String> encodedToken() {
        return Optional.ofNullable(auth).map(AuthConfig::encode);
    }

    public Optional<AuthConfig> authConfig() {
        return Optional.ofNullable(auth);
    }

    public boolean hasToken() {
        return auth != null;
    }

    public List<TokenUse> tokenUses() {
        return List.copyOf(tokenUses);
    }

    public List<ReceivedPush> pushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /** Password grant: first without a code (412 expected), then with {@code code}. */
    public TokenUse login(String email, String password, String code) throws IOException {
        RingRestClient.Grant first = rest.passwordGrant(email, password, null);
        if (first instanceof RingRestClient.NeedsCode needs) {
            tokenUses.add(new TokenUse(start, "password", null, 412, null, Optional.empty()));
            emit("password grant answered 412: code sent by " + needs.tsvState() + " to " + needs.phone());
            return granted("password", null, rest.passwordGrant(email, password, code));
        }
        return granted("password", null, first);
    }

    /** Refresh grant with the current refresh token. On any refusal the token is dropped, as RCA does. */
    public TokenUse refresh() throws IOException {
        if (auth == null) {
            throw new IllegalStateException(name + " has no refresh token");
        }
        return granted("refresh_token", auth.rt(), rest.refreshGrant(auth.rt()));
    }

    private TokenUse granted(String grant, String presented, RingRestClient.Grant outcome) throws IOException {
        if (outcome instanceof RingRestClient.Granted g) {
            accessToken = g.accessToken();
            String hid = rest.hardwareIdForHeaders();
            auth = auth == null ? new AuthConfig(g.refreshToken(), hid, null) : auth.withRefreshToken(g.refreshToken());
            TokenUse use = new TokenUse(start, grant, presented, 200, g.refreshToken(), Optional.empty());
            tokenUses.add(use);
            emit(grant + " grant " + (presented == null ? "" : "with " + Secrets.fingerprint(presented) + " ")
                    + "got refresh token " + Secrets.fingerprint(g.refreshToken()));
            tokenUpdated();
            return use;
        }
        if (outcome instanceof RingRestClient.Refused r) {
            TokenUse use = new TokenUse(start, grant, presented, r.status(), null, Optional.of(r.error()));
            tokenUses.add(use);
            emit(grant + " grant " + (presented == null ? "" : "with " + Secrets.fingerprint(presented) + " ")
                    + "refused: " + r.status() + " " + r.error() + " (" + r.description() + ")");
            if (presented != null) {
                auth = null; // "Refresh token is not valid": RCA drops the token on any HTTP error
                accessToken = null;
            }
            return use;
        }
        RingRestClient.NeedsCode needs = (RingRestClient.NeedsCode) outcome;
        TokenUse use = new TokenUse(start, grant, presented, 412, null, Optional.of("2fa required"));
        tokenUses.add(use);
        emit("grant answered 412 again (code to " + needs.phone() + ")");
        return use;
    }

    /** Profile, devices, locations, each camera's health, and the event subscriptions. */
    public void loadAccount() throws IOException {
        requireAccess();
        HttpResponse profile = api("GET", RingRestClient.API, "/clients_api/profile", null);
        HttpResponse devices = api("GET", RingRestClient.API, "/clients_api/ring_devices", null);
        api("GET", RingRestClient.API, "/devices/v1/locations", null);
        int cameras = 0;
        for (String list : List.of("doorbots", "stickup_cams")) {
            for (var device : RingRestClient.jsonOrEmpty(devices).path(list)) {
                long id = device.path("id").asLong();
                api("GET", RingRestClient.API, "/clients_api/doorbots/" + id + "/health", null);
                api("POST", RingRestClient.API, "/clients_api/doorbots/" + id + "/subscribe", new byte[0]);
                api("POST", RingRestClient.API, "/clients_api/doorbots/" + id + "/motions_subscribe", new byte[0]);
                cameras++;
            }
        }
        emit("loaded profile (HTTP " + profile.status() + "), " + cameras + " cameras, locations and health");
    }

    /** {@code POST /clients_api/session}; RCA does this only after a 404 naming the hardware id. */
    public int createSession() throws IOException {
        requireAccess();
        return rest.createSession(accessToken).status();
    }

    /**
     * Makes sure there are push credentials: keeps stored ones after a re-checkin, registers anew otherwise. With
     * {@code forceNew}, registers new keys and a new FCM token every time (keeping a stored checkin if any).
     */
    public PushCredentials ensurePushCredentials(boolean forceNew) throws IOException {
        requireAccess();
        PushCredentials stored = auth.pnc();
        PushCredentials credentials;
        if (stored != null && !forceNew) {
            registrar.checkin(new PushRegistrar.CheckinIds(stored.gcm().androidId(), stored.gcm().securityToken()));
            emit("re-checked in with stored push credentials (android id " + stored.gcm().androidId() + ")");
            credentials = stored;
        } else {
            credentials = stored == null ? registrar.register() : registrar.registerWith(registrar.checkin(
                    new PushRegistrar.CheckinIds(stored.gcm().androidId(), stored.gcm().securityToken())));
            emit("registered for FCM: android id " + credentials.gcm().androidId() + ", FCM token "
                    + Secrets.fingerprint(credentials.fcm().token()) + (stored == null ? "" : " (new keys)"));
            auth = auth.withPushCredentials(credentials);
            tokenUpdated();
        }
        return credentials;
    }

    /** {@code PATCH /clients_api/device} with the current FCM token; returns the status (204 expected). */
    public int patchDevice() throws IOException {
        requireAccess();
        String token = auth.pnc().fcm().token();
        int status = rest.patchDevice(accessToken, token).status();
        emit("PATCH /clients_api/device with FCM token " + Secrets.fingerprint(token) + ": " + status);
        return status;
    }

    /** Connects to MCS with the current push credentials and logs in. */
    public void connectPush() throws IOException {
        if (auth == null || auth.pnc() == null) {
            throw new IllegalStateException(name + " has no push credentials");
        }
        receiver = PushReceiver.connect(dialer, auth.pnc(), clock, this::received);
        emit("logged in to MCS as android id " + auth.pnc().gcm().androidId());
    }

    /** Waits for at least {@code count} pushes since connecting, at most {@code timeout}. */
    public List<ReceivedPush> awaitPushes(int count, Duration timeout) throws InterruptedException {
        if (receiver == null) {
            return pushes();
        }
        receiver.await(count, timeout);
        return pushes();
    }

    private void received(ReceivedPush push) {
        synchronized (pushes) {
            pushes.add(push);
        }
        emit("received push " + push.persistentId() + (push.decrypted() ? ": decrypted "
                + push.json().orElse("").length() + " bytes of JSON" : ": cannot decrypt (" + push.failure().orElse("?")
                + ")"));
    }

    /** A bearer call; on 401 one refresh and one retry, as RCA's {@code request} does. */
    HttpResponse api(String method, String host, String path, byte[] body) throws IOException {
        HttpResponse response = rest.call(accessToken, method, host, path, body);
        if (response.status() == 401 && auth != null) {
            emit(method + " " + path + " answered 401; refreshing");
            if (refresh().succeeded()) {
                response = rest.call(accessToken, method, host, path, body);
            }
        }
        return response;
    }

    private void requireAccess() {
        if (auth == null || accessToken == null) {
            throw new IllegalStateException(name + " is not logged in");
        }
    }

    private void tokenUpdated() throws IOException {
        if (persist && auth != null) {
            HomebridgeConfig.writeRefreshToken(configFile, auth.encode());
        }
    }

    private void emit(String message) {
        try {
            listener.accept(new SimEvent(clock.instant(), name + "#" + start, message));
        } catch (RuntimeException ignored) {
            // a failing listener must not break the client
        }
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
        http.close();
    }
}
