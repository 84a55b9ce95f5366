package dev.trygr.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the scenario clients need: the route to the cloud (direct or through trygr), a directory for their config
 * files, the account's credentials, the cloud's refresh grace (the stale scenario waits it out), how to make the
 * cloud push, and where progress lines go.
 *
 * @param pushTrigger empty when the cloud pushes by itself after each MCS login ({@link SimOptions#pushAfterLogin})
 * @param pushWait    how long a client waits for an expected push
 */
public record ScenarioSetup(Route route, Path workDir, String email, String password, String twoFactorCode,
        Duration refreshGrace, Optional<PushTrigger> pushTrigger, Duration pushWait, Clock clock,
        Consumer<SimEvent> listener) {

    public ScenarioSetup {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(pushTrigger, "pushTrigger");
        Objects.requireNonNull(listener, "listener");
    }

    /** Clients of {@code cloud}, straight to it, pushes triggered in-process, progress to the cloud's listener. */
    public static ScenarioSetup forCloud(SimulatedCloud cloud, Path workDir) {
        SimOptions o = cloud.options();
        return new ScenarioSetup(cloud.route(), workDir, o.home().email(), o.home().password(), o.twoFactorCode(),
                o.refreshGrace(), Optional.of(cloud::push), Duration.ofSeconds(5), Clock.systemUTC(), o.listener());
    }

    /** The same clients along another route, e.g. {@link Route#viaTrygr}. */
    public ScenarioSetup withRoute(Route value) {
        return new ScenarioSetup(value, workDir, email, password, twoFactorCode, refreshGrace, pushTrigger, pushWait,
                clock, listener);
    }

    public ScenarioSetup withListener(Consumer<SimEvent> value) {
        return new ScenarioSetup(route, workDir, email, password, twoFactorCode, refreshGrace, pushTrigger, pushWait,
                clock, value);
    }

    @Override
    public String toString() {
        return "ScenarioSetup[route=" + route.https() + ", workDir=" + workDir + "]";
    }
}
