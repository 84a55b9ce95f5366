package dev.trygr.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the simulated cloud behaves.
 *
 * @param home            the household and account it serves
 * @param twoFactorCode   the one SMS code the password grant accepts
 * @param refreshGrace    how long after its first use a refresh token may be used once more (default 2 s)
 * @param gzip            when responses are gzip-encoded (default {@link GzipPolicy#ALTERNATE})
 * @param pushAfterLogin  a push to send to every hardware id whose Ring-held FCM token belongs to a device
 *                        right after it logs in to MCS; empty for none (default)
 * @param clock           the cloud's clock (token iat/exp, access-token expiry, refresh grace)
 * @param listener        receives progress lines; never null (use {@code e -> {}})
 */
public record SimOptions(SimulatedHome home, String twoFactorCode, Duration refreshGrace, GzipPolicy gzip,
        Optional<PushKind> pushAfterLogin, Clock clock, Consumer<SimEvent> listener) {

    public SimOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(twoFactorCode, "twoFactorCode");
        Objects.requireNonNull(gzip, "gzip");
        Objects.requireNonNull(pushAfterLogin, "pushAfterLogin");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        if (refreshGrace.isNegative()) {
            throw new IllegalArgumentException("refreshGrace must not be negative: " + refreshGrace);
        }
    }

    /** The sample home, code {@code 424242}, 2 s grace, alternate gzip, no automatic push, system clock, silent. */
    public static SimOptions defaults() {
        return new SimOptions(SimulatedHome.sample(), "424242", Duration.ofSeconds(2), GzipPolicy.ALTERNATE,
                Optional.empty(), Clock.systemUTC(), e -> { });
    }

    public SimOptions withHome(SimulatedHome value) {
        return new SimOptions(value, twoFactorCode, refreshGrace, gzip, pushAfterLogin, clock, listener);
    }

    public SimOptions withTwoFactorCode(String value) {
        return new SimOptions(home, value, refreshGrace, gzip, pushAfterLogin, clock, listener);
    }

    public SimOptions withRefreshGrace(Duration value) {
        return new SimOptions(home, twoFactorCode, value, gzip, pushAfterLogin, clock, listener);
    }

    public SimOptions withGzip(GzipPolicy value) {
        return new SimOptions(home, twoFactorCode, refreshGrace, value, pushAfterLogin, clock, listener);
    }

    public SimOptions withPushAfterLogin(PushKind value) {
        return new SimOptions(home, twoFactorCode, refreshGrace, gzip, Optional.ofNullable(value), clock, listener);
    }

    public SimOptions withClock(Clock value) {
        return new SimOptions(home, twoFactorCode, refreshGrace, gzip, pushAfterLogin, value, listener);
    }

    public SimOptions withListener(Consumer<SimEvent> value) {
        return new SimOptions(home, twoFactorCode, refreshGrace, gzip, pushAfterLogin, clock, value);
    }

    /** Never prints the 2FA code. */
    @Override
    public String toString() {
        return "SimOptions[home=" + home + ", refreshGrace=" + refreshGrace + ", gzip=" + gzip
                + ", pushAfterLogin=" + pushAfterLogin + "]";
    }
}
