package dev.trygr.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plays the {@link Scenario}s: each is one client installation (a hardware id and a config file under
 * {@code workDir/<scenario>/}) started several times, as a person restarting homebridge would.
 */
public final class ScenarioRunner {
    private final ScenarioSetup setup;

    public ScenarioRunner(ScenarioSetup setup) {
        this.setup = setup;
    }

    /** Runs every scenario, one after the other. */
    public List<ScenarioResult> runAll() throws IOException, InterruptedException {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            results.add(run(scenario));
        }
        return results;
    }

    public ScenarioResult run(Scenario scenario) throws IOException, InterruptedException {
        Path dir = setup.workDir().resolve(scenario.shortName());
        Files.createDirectories(dir);
        Path config = dir.resolve("config.json");
        Files.deleteIfExists(config);
        String hardwareId = UUID.randomUUID().toString();
        List<StartRecord> starts = switch (scenario) {
            case GOOD -> good(config, hardwareId);
            case STALE_REUSE -> stale(config, hardwareId);
            case RE_REGISTERING -> reRegistering(config, hardwareId);
        };
        return new ScenarioResult(scenario, hardwareId, config, starts);
    }

    private List<StartRecord> good(Path config, String hid) throws IOException, InterruptedException {
        List<StartRecord> starts = new ArrayList<>();
        starts.add(play("good", 1, config, hid, true, c -> {
            c.login(setup.email(), setup.password(), setup.twoFactorCode());
            c.loadAccount();
        }, PushPlan.REGISTER_IF_MISSING, PushKind.DING, c -> c.refresh()));
        starts.add(play("good", 2, config, hid, true, RingClient::refresh, PushPlan.REGISTER_IF_MISSING,
                PushKind.MOTION, c -> { }));
        return starts;
    }

    private List<StartRecord> stale(Path config, String hid) throws IOException, InterruptedException {
        List<StartRecord> starts = new ArrayList<>();
        // 1: a CLI logs in and the token goes into the config once; nobody updates it afterwards
        starts.add(play("stale", 1, config, hid, true,
                c -> c.login(setup.email(), setup.password(), setup.twoFactorCode()), PushPlan.NONE, null, c -> { }));
        // 2: the first real start uses it (rotation; the new token is not saved) and crashes at once
        starts.add(play("stale", 2, config, hid, false, RingClient::refresh, PushPlan.NONE, null, c -> { }));
        // 3: the quick restart reuses it within the grace: Ring still accepts it once more
        starts.add(play("stale", 3, config, hid, false, RingClient::refresh, PushPlan.NONE, null,
                RingClient::loadAccount));
        Thread.sleep(setup.refreshGrace().toMillis() + 300);
        // 4: a later restart: 401 invalid_grant, and the client drops the token
        starts.add(play("stale", 4, config, hid, false, RingClient::refresh, PushPlan.NONE, null, c -> { }));
        return starts;
    }

    private List<StartRecord> reRegistering(Path config, String hid) throws IOException, InterruptedException {
        List<StartRecord> starts = new ArrayList<>();
        starts.add(play("rereg", 1, config, hid, true, c -> {
            c.login(setup.email(), setup.password(), setup.twoFactorCode());
            c.loadAccount();
        }, PushPlan.ALWAYS_REGISTER, PushKind.DING, c -> { }));
        starts.add(play("rereg", 2, config, hid, true, RingClient::refresh, PushPlan.ALWAYS_REGISTER,
                PushKind.DING, c -> { }));
        return starts;
    }

    private enum PushPlan { NONE, REGISTER_IF_MISSING, ALWAYS_REGISTER }

    @FunctionalInterface
    private interface Step {
        void run(RingClient client) throws IOException;
    }

    /** One start: authenticate, then (per plan) push setup, MCS and one push, then a final step. */
    private StartRecord play(String name, int number, Path config, String hid, boolean persist, Step auth,
            PushPlan plan, PushKind push, Step last) throws IOException, InterruptedException {
        String failure = null;
        boolean registered = false;
        int patchStatus = 0;
        String fcmToken = null;
        try (RingClient client = new RingClient(name, number, setup.route(), config, hid, persist, setup.clock(),
                setup.listener())) {
            try {
                auth.run(client);
                if (!client.hasToken()) {
                    failure = "Refresh token is not valid: the client dropped it after the refusal";
                } else if (plan != PushPlan.NONE) {
                    boolean hadCredentials = client.authConfig().map(a -> a.pnc() != null).orElse(false);
                    PushCredentials credentials = client.ensurePushCredentials(plan == PushPlan.ALWAYS_REGISTER);
                    registered = plan == PushPlan.ALWAYS_REGISTER || !hadCredentials;
                    fcmToken = credentials.fcm().token();
                    patchStatus = client.patchDevice();
                    client.connectPush();
                    int before = client.pushes().size();
                    if (setup.pushTrigger().isPresent()) {
                        setup.pushTrigger().get().push(client.hardwareId(), push);
                    }
                    if (client.awaitPushes(before + 1, setup.pushWait()).size() == before) {
                        failure = "no push arrived within " + setup.pushWait().toMillis() + " ms";
                    }
                }
                if (client.hasToken()) {
                    last.run(client);
                }
            } catch (IOException | IllegalStateException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return new StartRecord(number, client.tokenUses(), client.encodedToken(), Optional.ofNullable(fcmToken),
                    registered, patchStatus, client.pushes(), Optional.ofNullable(failure));
        }
    }
}
