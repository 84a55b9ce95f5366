package dev.trygr.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trygr.capture.Header;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** clients_api, the FCM endpoints and MCS on the simulated cloud, and what bad requests get. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CloudEndpointsTest {
    private static final String HID = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
    private SimulatedCloud cloud;
    private TlsDialer dialer;
    private HttpsClient http;
    private RingRestClient rest;
    private String access;

    @BeforeEach
    void start() throws Exception {
        cloud = SimulatedCloud.start(SimOptions.defaults().withGzip(GzipPolicy.ALTERNATE));
        dialer = new TlsDialer(cloud.route());
        http = new HttpsClient(dialer);
        rest = new RingRestClient(http, HID);
        SimulatedHome home = cloud.home();
        access = assertInstanceOf(RingRestClient.Granted.class,
                rest.passwordGrant(home.email(), home.password(), "424242")).accessToken();
    }

    @AfterEach
    void stop() {
        http.close();
        cloud.close();
    }

    @Test
    void clientsApiServesTheHomesPersonalData() throws Exception {
        SimulatedHome home = cloud.home();
        JsonNode profile = json(get("/clients_api/profile")).path("profile");
        assertEquals(home.email(), profile.path("email").asText());
        assertEquals(home.phoneNumber(), profile.path("phone_number").asText());
        assertEquals(HID, profile.path("hardware_id").asText());
        assertTrue(profile.has("authentication_token"));

        JsonNode devices = json(get("/clients_api/ring_devices"));
        JsonNode doorbell = devices.path("doorbots").get(0);
        assertTrue(doorbell.path("device_id").asText().matches("[0-9a-f]{12}"));
        assertEquals(home.location().latitude(), doorbell.path("latitude").decimalValue().toPlainString());
        assertEquals(home.email(), doorbell.path("owner").path("email").asText());
        assertEquals(1, devices.path("stickup_cams").size());

        JsonNode location = json(get("/devices/v1/locations")).path("user_locations").get(0);
        assertEquals(home.location().address1(), location.path("address").path("address1").asText());
        assertEquals(home.location().longitude(), location.path("geo_coordinates").path("longitude").asText());

        JsonNode health = json(get("/clients_api/doorbots/" + home.doorbell().id() + "/health"));
        assertEquals(home.wifiName(), health.path("device_health").path("wifi_name").asText());

        for (String personal : home.personalValues()) {
            assertTrue(!personal.isBlank());
        }
        assertEquals(200, rest.call(access, "POST", "api.ring.com", "/clients_api/doorbots/" + home.doorbell().id()
                + "/subscribe", new byte[0]).status());
        assertEquals(200, rest.call(access, "POST", "api.ring.com", "/clients_api/doorbots/" + home.doorbell().id()
                + "/motions_subscribe", new byte[0]).status());
        assertEquals(201, rest.createSession(access).status());
    }

    @Test
    void responsesAreSometimesGzippedAndChunked() throws Exception {
        List<HttpResponse> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(get("/clients_api/profile"));
        }
        assertTrue(responses.stream().anyMatch(r -> r.header("content-encoding").orElse("").equals("gzip")));
        assertTrue(responses.stream().anyMatch(r -> r.header("content-encoding").isEmpty()));
        HttpResponse devices = get("/clients_api/ring_devices");
        assertEquals("chunked", devices.header("transfer-encoding").orElseThrow());
    }

    @Test
    void apiCallsNeedALiveBearerToken() throws Exception {
        assertEquals(401, rest.call("not-a-token", "GET", "api.ring.com", "/clients_api/profile", null).status());
        HttpResponse none = http.send("api.ring.com", "GET", "/clients_api/profile", List.of(), null);
        assertEquals(401, none.status());
        assertEquals("invalid_token", RingRestClient.jsonOrEmpty(none).path("error").asText());
    }

    @Test
    void badRequestsGetSensibleErrors() throws Exception {
        assertEquals(404, get("/clients_api/doorbots/1/health").status());
        assertEquals(404, get("/clients_api/nothing-here").status());
        assertEquals(405, rest.call(access, "DELETE", "api.ring.com", "/clients_api/profile", null).status());
        assertEquals(400, rest.call(access, "PATCH", "api.ring.com", "/clients_api/device", "{".getBytes(
                StandardCharsets.UTF_8)).status());
        assertEquals(400, rest.call(access, "PATCH", "api.ring.com", "/clients_api/device", "{}".getBytes(
                StandardCharsets.UTF_8)).status());
        HttpResponse oauth = http.send("oauth.ring.com", "POST", "/oauth/token",
                List.of(new Header("Content-Type", "application/json")), "not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, oauth.status());
        assertEquals("Invalid auth request", RingRestClient.jsonOrEmpty(oauth).path("error").asText());
        assertEquals(421, raw("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n").status());
        assertEquals(400, raw("GET / HTTP/1.1\r\n\r\n").status());
        assertEquals(400, raw("POST /oauth/token HTTP/1.1\r\nHost: oauth.ring.com\r\nContent-Length: x\r\n\r\n")
                .status());
        assertEquals(401, http.send("android.clients.google.com", "POST", "/c2dm/register3",
                List.of(new Header("Authorization", "AidLogin 1:2")), "app=x".getBytes(StandardCharsets.UTF_8))
                .status());
        assertEquals(400, http.send("android.clients.google.com", "POST", "/checkin", List.of(),
                new byte[] {(byte) 0xff, (byte) 0xff}).status());
        assertEquals(401, http.send("fcmregistrations.googleapis.com", "POST",
                "/v1/projects/ring-17770/registrations", List.of(), "{}".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(403, http.send("firebaseinstallations.googleapis.com", "POST",
                "/v1/projects/ring-17770/installations", List.of(), "{}".getBytes(StandardCharsets.UTF_8)).status());

        // malformed HTTP: a 400 and a closed connection; the listener carries on
        try (SSLSocket socket = dialer.open("api.ring.com", 443, 5000)) {
            OutputStream out = socket.getOutputStream();
            out.write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            HttpResponse response = HttpWire.readResponse(in, "GET");
            assertEquals(400, response.status());
            assertEquals("close", response.header("connection").orElseThrow());
            assertEquals(-1, in.read());
        }
        assertEquals(200, get("/clients_api/profile").status());
    }

    @Test
    void fcmRegistrationAndMcsLoginWork() throws Exception {
        PushRegistrar registrar = new PushRegistrar(http, new SecureRandom(), Clock.systemUTC());
        PushCredentials credentials = registrar.register();
        assertEquals(1, cloud.fcmRegistrations().size());
        FcmRegistration registration = cloud.fcmRegistrations().get(0);
        assertEquals(credentials.fcm().token(), registration.fcmToken());
        assertEquals(credentials.keys().publicKey(), registration.p256dh());
        assertEquals(credentials.gcm().androidId(), registration.androidId());
        PushRegistrar.CheckinIds again = registrar.checkin(new PushRegistrar.CheckinIds(
                credentials.gcm().androidId(), credentials.gcm().securityToken()));
        assertEquals(credentials.gcm().androidId(), again.androidId());

        assertEquals(204, rest.patchDevice(access, credentials.fcm().token()).status());
        try (PushReceiver receiver = PushReceiver.connect(dialer, credentials, Clock.systemUTC(), p -> { })) {
            assertTrue(receiver.ping(Duration.ofSeconds(5)), "HeartbeatPing answered with HeartbeatAck");
            PushSent sent = cloud.push(HID, PushKind.DING);
            assertTrue(sent.deliveredNow());
            List<ReceivedPush> pushes = receiver.await(1, Duration.ofSeconds(5));
            assertEquals(sent.payloadJson(), pushes.get(0).json().orElseThrow());
        }
    }

    @Test
    void mcsRefusesAWrongSecurityToken() throws Exception {
        PushCredentials good = new PushRegistrar(http, new SecureRandom(), Clock.systemUTC()).register();
        PushCredentials.Gcm gcm = good.gcm();
        String wrongToken = Long.toUnsignedString(Long.parseUnsignedLong(gcm.securityToken()) + 1);
        PushCredentials bad = new PushCredentials(good.keys(),
                new PushCredentials.Gcm(gcm.token(), gcm.androidId(), wrongToken, gcm.appId()), good.fcm(),
                good.config());
        PushReceiver.LoginRefusedException refused = assertThrows(PushReceiver.LoginRefusedException.class,
                () -> PushReceiver.connect(dialer, bad, Clock.systemUTC(), p -> { }));
        assertTrue(refused.getMessage().contains("AUTHENTICATION_FAILED"), refused.getMessage());
        // the right token still logs in
        PushReceiver.connect(dialer, good, Clock.systemUTC(), p -> { }).close();
    }

    @Test
    void pushWithoutAPatchedTokenIsRefused() {
        assertThrows(IllegalStateException.class, () -> cloud.push("never-seen", PushKind.DING));
    }

    @Test
    void clientsCheckTheCloudCertificateOverHttps() throws Exception {
        try (SimulatedCloud other = SimulatedCloud.start(SimOptions.defaults())) {
            Route wrongTrust = Route.direct(cloud.httpsAddress(), cloud.mcsAddress(), other.caCertificatePem());
            assertThrows(SSLHandshakeException.class, () -> new TlsDialer(wrongTrust).open("api.ring.com", 443, 5000)
                    .close());
            // MCS, like push-receiver, checks nothing unless asked to
            new TlsDialer(wrongTrust).open(Route.MCS_HOST, Route.MCS_PORT, 5000).close();
            assertThrows(SSLHandshakeException.class, () -> new TlsDialer(wrongTrust.verifyingMcs())
                    .open(Route.MCS_HOST, Route.MCS_PORT, 5000).close());
        }
    }

    /** Sends raw bytes on a fresh connection to the HTTPS listener and reads one response. */
    private HttpResponse raw(String request) throws Exception {
        try (SSLSocket socket = dialer.open("api.ring.com", 443, 5000)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return HttpWire.readResponse(new BufferedInputStream(socket.getInputStream()), "GET");
        }
    }

    private HttpResponse get(String path) throws Exception {
        return rest.call(access, "GET", "api.ring.com", path, null);
    }

    private static JsonNode json(HttpResponse response) throws Exception {
        assertEquals(200, response.status(), () -> RingRestClient.text(response));
        return SimJson.parse(response.decodedBody());
    }
}
