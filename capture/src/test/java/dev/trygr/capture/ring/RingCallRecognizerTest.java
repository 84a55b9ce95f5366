package dev.trygr.capture.ring;

import dev.trygr.capture.BodySnapshot;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.ring.RingEvent.BearerPresented;
import dev.trygr.capture.ring.RingEvent.CheckedIn;
import dev.trygr.capture.ring.RingEvent.DoorbotSubscribed;
import dev.trygr.capture.ring.RingEvent.FcmRegistered;
import dev.trygr.capture.ring.RingEvent.FirebaseInstalled;
import dev.trygr.capture.ring.RingEvent.GcmRegistered;
import dev.trygr.capture.ring.RingEvent.RingDeviceUpdated;
import dev.trygr.capture.ring.RingEvent.RingSessionCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.trygr.capture.ring.RingFixtures.HW;
import static dev.trygr.capture.ring.RingFixtures.T0;
import static dev.trygr.capture.ring.RingFixtures.accessToken;
import static dev.trygr.capture.ring.RingFixtures.api;
import static dev.trygr.capture.ring.RingFixtures.body;
import static dev.trygr.capture.ring.RingFixtures.flow;
import static dev.trygr.capture.ring.RingFixtures.fp;
import static dev.trygr.capture.ring.RingFixtures.headers;
import static dev.trygr.capture.ring.RingFixtures.json;
import static dev.trygr.capture.ring.RingFixtures.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Ring API calls (research §4.2–4.3) and the FCM HTTP calls (§5.2–5.5), including their broken shapes. */
class RingCallRecognizerTest {
    private static final String ACCESS = accessToken(HW, "sess-1", T0 / 1_000_000);

    private static List<RingEvent> recognize(FlowCompleted flow) {
        return RingRecognizers.recognize(flow, RingFixtures.REDACTOR::fingerprint);
    }

    @Test
    void sessionCreationNamesTheClientFromItsBodyWhenTheHeaderIsMissing() {
        // research §4.2: the session call carries no hardware_id header and Node's default UA
        FlowCompleted f = flow(T0, "POST", "api.ring.com", "/clients_api/session",
                headers("authorization", "Bearer " + ACCESS, "user-agent", "node", "content-type", "application/json"),
                body("{\"device\":{\"hardware_id\":\"hw-from-body\",\"metadata\":{\"api_version\":11,"
                        + "\"device_model\":\"homebridge-ring\"},\"os\":\"android\"}}"), 201, json(), body("{}"));
        List<RingEvent> events = recognize(f);
        assertEquals(2, events.size());
        BearerPresented bearer = assertInstanceOf(BearerPresented.class, events.get(0));
        assertEquals(fp(ACCESS), bearer.token());
        assertEquals("sess-1", bearer.claims().sessionId());
        RingSessionCreated s = assertInstanceOf(RingSessionCreated.class, events.get(1));
        assertEquals("hw-from-body", s.client().hardwareId());
        assertEquals("node", s.client().userAgent());
        assertEquals("homebridge-ring", s.deviceModel());
        assertEquals("android", s.os());
        assertEquals(11L, s.apiVersion());
        assertEquals(201, s.status());
        assertEquals(fp(ACCESS), s.bearer());
    }

    static Stream<Arguments> deviceUpdates() {
        String token = secret("fcm");
        return Stream.of(
                arguments("push token registration", RingFixtures.pushTokenPatch(T0, HW, ACCESS, token),
                        (Consumer<RingDeviceUpdated>) d -> {
                            assertEquals(fp(token), d.pushToken());
                            assertEquals("fcm", d.pnService());
                            assertEquals("2.0.0", d.pnDictVersion());
                            assertEquals("homebridge-ring", d.deviceModel());
                            assertEquals("android", d.os());
                            assertEquals(HW, d.client().hardwareId());
                            assertEquals(204, d.status());
                        }),
                arguments("no body", api(T0, "PATCH", "/clients_api/device", HW, ACCESS, null, 400),
                        (Consumer<RingDeviceUpdated>) d -> {
                            assertNull(d.pushToken());
                            assertNull(d.pnService());
                        }),
                arguments("malformed body", api(T0, "PATCH", "/clients_api/device/", null, ACCESS,
                        "{\"device\":[\"not an object\"", 204),
                        (Consumer<RingDeviceUpdated>) d -> {
                            assertNull(d.pushToken());
                            assertNull(d.client().hardwareId());
                        }),
                arguments("token of the wrong type", api(T0, "PATCH", "/clients_api/device", HW, ACCESS,
                        "{\"device\":{\"push_notification_token\":{\"nested\":true},\"metadata\":\"x\"}}", 204),
                        (Consumer<RingDeviceUpdated>) d -> assertNull(d.pushToken())),
                arguments("huge model name", api(T0, "PATCH", "/clients_api/device", HW, ACCESS,
                        "{\"device\":{\"metadata\":{\"device_model\":\"" + "m".repeat(5000) + "\"}}}", 204),
                        (Consumer<RingDeviceUpdated>) d -> assertEquals(256, d.deviceModel().length())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceUpdates")
    void pushTokenCallsToRing(String name, FlowCompleted flow, Consumer<RingDeviceUpdated> check) {
        List<RingEvent> events = recognize(flow);
        assertEquals(2, events.size(), events.toString());
        check.accept(assertInstanceOf(RingDeviceUpdated.class, events.get(1)));
    }

    @Test
    void perCameraSubscriptionsAndPlainCalls() {
        List<RingEvent> sub = recognize(api(T0, "POST", "/clients_api/doorbots/987654/motions_subscribe", HW, ACCESS,
                null, 200));
        DoorbotSubscribed s = assertInstanceOf(DoorbotSubscribed.class, sub.get(1));
        assertEquals("987654", s.deviceId());
        assertEquals("motions_subscribe", s.action());
        assertEquals(1, recognize(api(T0, "POST", "/clients_api/doorbots/987654/siren_on", HW, ACCESS, null, 200))
                .size(), "other doorbot calls: only the bearer");
        List<RingEvent> plain = recognize(api(T0, "GET", "/clients_api/ring_devices", HW, ACCESS, null, 200));
        assertEquals(List.of(BearerPresented.class), plain.stream().map(Object::getClass).toList());
        assertEquals("/clients_api/ring_devices", ((BearerPresented) plain.get(0)).path());
        assertEquals(List.of(), recognize(flow(T0, "GET", "api.ring.com", "/clients_api/ring_devices",
                headers("Authorization", "Basic dXNlcjpwdw=="), BodySnapshot.EMPTY, 401, json(), body("{}"))),
                "no bearer, nothing to say");
        assertEquals(List.of(), recognize(flow(T0, "GET", "example.com", "/",
                headers("Authorization", "Bearer " + ACCESS), BodySnapshot.EMPTY, 200, json(), body("{}"))),
                "not a Ring host");
        assertEquals(1, recognize(flow(T0, "GET", "prd-api-us.prd.rings.solutions", "/api/v1/clap/tickets",
                headers("Authorization", "Bearer  " + ACCESS), BodySnapshot.EMPTY, 200, json(), body("{}"))).size());
    }

    @Test
    void bearerFingerprintMatchesTheRedactionMarkerInTheStoredHeader() {
        String value = "Bearer   " + ACCESS;
        String marker = RingFixtures.REDACTOR.header(new dev.trygr.capture.Header("Authorization", value)).value()
                .value();
        BearerPresented b = (BearerPresented) recognize(flow(T0, "GET", "api.ring.com", "/x",
                headers("Authorization", value), BodySnapshot.EMPTY, 200, json(), body("{}"))).get(0);
        assertTrue(marker.endsWith(b.token().substring(0, 12)), marker + " vs " + b.token());
        BearerPresented opaque = (BearerPresented) recognize(flow(T0, "GET", "api.ring.com", "/x",
                headers("Authorization", "bearer opaque"), BodySnapshot.EMPTY, 200, json(), body("{}"))).get(0);
        assertNull(opaque.claims());
        assertEquals(fp("opaque"), opaque.token());
    }

    static Stream<Arguments> register3() {
        String security = "8877665544332211";
        String gcm = secret("gcm");
        FlowCompleted request = flow(T0, "POST", "android.clients.google.com", "/c2dm/register3",
                headers("Authorization", "AidLogin 4242424242:" + security, "Content-Type",
                        "application/x-www-form-urlencoded"),
                body("app=org.chromium.linux&X-subtype=wp%3Areceiver.push.com%23abc&device=4242424242&sender=BDOU99"),
                200, headers("Content-Type", "text/plain"), body("token=" + gcm));
        return Stream.of(
                arguments("token issued", request, (Consumer<GcmRegistered>) r -> {
                    assertEquals(CallOutcome.OK, r.outcome());
                    assertEquals(fp(gcm), r.token());
                    assertEquals(fp(security), r.securityToken());
                    assertEquals("4242424242", r.androidId());
                    assertEquals("org.chromium.linux", r.app());
                    assertEquals("wp:receiver.push.com#abc", r.subtype());
                    assertEquals("BDOU99", r.sender());
                }),
                arguments("Error= answer", flow(T0, "POST", "android.clients.google.com", "/c2dm/register3",
                        headers(), body("app=a&device=1"), 200, headers(), body("Error=PHONE_REGISTRATION_ERROR")),
                        (Consumer<GcmRegistered>) r -> {
                            assertEquals(CallOutcome.ERROR, r.outcome());
                            assertEquals("PHONE_REGISTRATION_ERROR", r.error());
                            assertNull(r.token());
                        }),
                arguments("no response", flow(T0, "POST", "android.clients.google.com", "/c2dm/register3",
                        headers(), body("app=a"), 0, headers(), BodySnapshot.EMPTY),
                        (Consumer<GcmRegistered>) r -> assertEquals(CallOutcome.NO_RESPONSE, r.outcome())),
                arguments("cut off in the token", RingFixtures.cutOff(request, 10),
                        (Consumer<GcmRegistered>) r -> {
                            assertEquals(CallOutcome.CUT_OFF, r.outcome());
                            assertNull(r.token(), "a cut token is not fingerprinted as if whole");
                        }),
                arguments("garbage answer", flow(T0, "POST", "android.clients.google.com", "/c2dm/register3",
                        headers(), body(new byte[] {0, 1, 2, (byte) 0xff}), 500, headers(), body("<html>")),
                        (Consumer<GcmRegistered>) r -> assertEquals(CallOutcome.ERROR, r.outcome())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("register3")
    void gcmRegister3(String name, FlowCompleted flow, Consumer<GcmRegistered> check) {
        List<RingEvent> events = recognize(flow);
        assertEquals(1, events.size());
        check.accept(assertInstanceOf(GcmRegistered.class, events.get(0)));
    }

    @Test
    void firebaseInstallation() {
        String auth = secret("fis");
        String refresh = secret("fisr");
        FlowCompleted ok = flow(T0, "POST", "firebaseinstallations.googleapis.com",
                "/v1/projects/ring-17770/installations", headers("x-goog-api-key", "AIza"),
                body("{\"appId\":\"1:876313859327:android:e10ec6ddb3c81f39\",\"authVersion\":\"FIS_v2\","
                        + "\"fid\":\"cA1b2C3d4E5f6G7h8I9j0K\",\"sdkVersion\":\"w:0.6.6\"}"), 200, json(),
                body("{\"name\":\"projects/876313859327/installations/cA1b2C3d4E5f6G7h8I9j0K\","
                        + "\"fid\":\"cA1b2C3d4E5f6G7h8I9j0K\",\"refreshToken\":\"" + refresh + "\",\"authToken\":"
                        + "{\"token\":\"" + auth + "\",\"expiresIn\":\"604800s\"}}"));
        FirebaseInstalled i = assertInstanceOf(FirebaseInstalled.class, recognize(ok).get(0));
        assertEquals(CallOutcome.OK, i.outcome());
        assertEquals("ring-17770", i.projectId());
        assertEquals("1:876313859327:android:e10ec6ddb3c81f39", i.appId());
        assertEquals("cA1b2C3d4E5f6G7h8I9j0K", i.fid());
        assertEquals(fp(auth), i.authToken());
        assertEquals(fp(refresh), i.refreshToken());
        assertEquals(604800L, i.expiresIn());

        FlowCompleted error = flow(T0, "POST", "firebaseinstallations.googleapis.com",
                "/v1/projects/ring-17770/installations", headers(), body("{}"), 403, json(),
                body("{\"error\":{\"code\":403,\"message\":\"API key not valid\",\"status\":\"PERMISSION_DENIED\"}}"));
        FirebaseInstalled e = assertInstanceOf(FirebaseInstalled.class, recognize(error).get(0));
        assertEquals(CallOutcome.ERROR, e.outcome());
        assertEquals("API key not valid", e.error());
        assertEquals(List.of(), recognize(flow(T0, "POST", "firebaseinstallations.googleapis.com",
                "/v1/projects//installations", headers(), body("{}"), 200, json(), body("{}"))));
    }

    @Test
    void fcmRegistrationKeepsTheEndpointWithoutItsToken() {
        String gcm = secret("gcm");
        String authSecret = secret("auth");
        String fis = secret("fis");
        String fcm = secret("fcm");
        FcmRegistered r = assertInstanceOf(FcmRegistered.class,
                recognize(RingFixtures.fcmRegistration(T0, gcm, authSecret, fis, fcm)).get(0));
        assertEquals(CallOutcome.OK, r.outcome());
        assertEquals(fp(fcm), r.token());
        assertEquals(fp(gcm), r.gcmToken());
        assertEquals(fp(authSecret), r.auth());
        assertEquals(fp(fis), r.fisAuth());
        assertEquals("BPublicKeyOfTheReceiver", r.p256dh());
        assertEquals("ring-17770", r.projectId());
        assertEquals("https://fcm.googleapis.com/fcm/send/REDACTED:gcm-token:" + fp(gcm).substring(0, 12),
                r.endpoint());
        assertFalse(r.toString().contains(gcm) || r.toString().contains(fcm) || r.toString().contains(authSecret));

        FlowCompleted failed = flow(T0, "POST", "fcmregistrations.googleapis.com",
                "/v1/projects/ring-17770/registrations", headers(), body("not json"), 400, json(),
                body("{\"error\":{\"message\":\"Request contains an invalid argument.\"}}"));
        FcmRegistered f = assertInstanceOf(FcmRegistered.class, recognize(failed).get(0));
        assertEquals(CallOutcome.ERROR, f.outcome());
        assertEquals("Request contains an invalid argument.", f.error());
        assertNull(f.endpoint());
        assertNull(f.token());
    }

    @Test
    void checkinReadsTheProtobufBothWays() {
        long androidId = 0xF123456789ABCDEFL;
        long token = 0x8877665544332211L;
        byte[] request = proto(out -> {
            varint(out, 2 << 3, androidId);
            fixed64(out, (13 << 3) | 1, token);
            varint(out, 14 << 3, 3);
        });
        byte[] response = proto(out -> {
            varint(out, 1 << 3, 1);
            fixed64(out, (7 << 3) | 1, androidId);
            fixed64(out, (8 << 3) | 1, token + 1);
        });
        FlowCompleted f = flow(T0, "POST", "android.clients.google.com", "/checkin",
                headers("Content-Type", "application/x-protobuf"), body(request), 200,
                headers("Content-Type", "application/x-protobuf"), body(response));
        CheckedIn c = assertInstanceOf(CheckedIn.class, recognize(f).get(0));
        assertEquals(CallOutcome.OK, c.outcome());
        assertEquals(Long.toUnsignedString(androidId), c.presentedAndroidId());
        assertEquals(fp(Long.toUnsignedString(token)), c.presentedSecurityToken());
        assertEquals(Long.toUnsignedString(androidId), c.androidId());
        assertEquals(fp(Long.toUnsignedString(token + 1)), c.securityToken());

        CheckedIn cut = assertInstanceOf(CheckedIn.class, recognize(RingFixtures.cutOff(f, 5)).get(0));
        assertEquals(CallOutcome.CUT_OFF, cut.outcome());
        assertNull(cut.securityToken());
        CheckedIn garbage = assertInstanceOf(CheckedIn.class, recognize(flow(T0, "POST", "android.clients.google.com",
                "/checkin", headers(), body(new byte[] {(byte) 0xff, (byte) 0xff}), 200, headers(),
                body(new byte[] {0x0a, 0x7f, 1}))).get(0));
        assertEquals(CallOutcome.ERROR, garbage.outcome());
        assertNull(garbage.presentedAndroidId());
    }

    @Test
    void ordinaryTrafficCostsAHostCheck() {
        assertFalse(RingRecognizers.mayMatter(flow(T0, "GET", "example.com", "/", headers(), BodySnapshot.EMPTY, 200,
                headers(), BodySnapshot.EMPTY)));
        assertFalse(RingRecognizers.mayMatter(flow(T0, "GET", "notring.com", "/", headers(), BodySnapshot.EMPTY, 200,
                headers(), BodySnapshot.EMPTY)));
        assertTrue(RingRecognizers.mayMatter(flow(T0, "GET", "API.Ring.COM", "/", headers(), BodySnapshot.EMPTY, 200,
                headers(), BodySnapshot.EMPTY)));
        assertTrue(RingRecognizers.readsBodies(RingFixtures.passwordOk(T0, HW, "a", "r")));
        assertTrue(RingRecognizers.readsBodies(RingFixtures.pushTokenPatch(T0, HW, ACCESS, "t")));
        assertFalse(RingRecognizers.readsBodies(api(T0, "GET", "/clients_api/ring_devices", HW, ACCESS, null, 200)));
    }

    private static byte[] proto(Consumer<ByteArrayOutputStream> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.accept(out);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int key, long value) {
        writeVarint(out, key);
        writeVarint(out, value);
    }

    private static void fixed64(ByteArrayOutputStream out, int key, long value) {
        writeVarint(out, key);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
