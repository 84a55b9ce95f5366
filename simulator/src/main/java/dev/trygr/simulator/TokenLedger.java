package dev.trygr.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The cloud's OAuth state: every refresh token it issued and how often it was used, and the live access tokens.
 *
 * <p>Rotation as Ring does it today (§10): every refresh grant returns a new refresh token; the presented one
 * may be used <em>once more</em> within the grace period after its first use (a client that lost the response
 * can retry), and is refused with 401 {@code invalid_grant} after that. Thread-safe.
 */
final class TokenLedger {

    record Tokens(String accessToken, String refreshToken, String sessionId) {
    }

    record AccessGrant(String hardwareId, String sessionId, Instant expiresAt) {
    }

    /** What a refresh grant came to. */
    sealed interface Redemption permits Rotated, Refused {
    }

    record Rotated(Tokens tokens, boolean reuseWithinGrace) implements Redemption {
    }

    record Refused(TokenEvent.Kind why) implements Redemption {
    }

    private static final class RefreshState {
        final String sessionId;
        final long oiat;
        Instant firstUse;
        int uses;

        RefreshState(String sessionId, long oiat) {
            this.sessionId = sessionId;
            this.oiat = oiat;
        }
    }

    private final TokenMint mint = new TokenMint();
    private final Clock clock;
    private final Duration grace;
    private final long userId;
    private final Consumer<TokenEvent> observer;
    private final Map<String, RefreshState> refreshTokens = new HashMap<>();
    private final Map<String, AccessGrant> accessTokens = new HashMap<>();
    private final List<TokenEvent> events = new ArrayList<>();

    TokenLedger(Clock clock, Duration grace, long userId, Consumer<TokenEvent> observer) {
        this.clock = clock;
        this.grace = grace;
        this.userId = userId;
        this.observer = observer;
    }

    /** A successful password grant: a new session and its first pair of tokens. */
    Tokens login(String hardwareId) {
        TokenEvent event;
        Tokens tokens;
        synchronized (this) {
            long now = clock.instant().getEpochSecond();
            tokens = issue(hardwareId, UUID.randomUUID().toString(), now);
            event = record(TokenEvent.Kind.LOGGED_IN, hardwareId, null, tokens.refreshToken(), tokens.sessionId());
        }
        observer.accept(event);
        return tokens;
    }

    /** A refresh grant. */
    Redemption redeem(String refreshToken, String hardwareId) {
        TokenEvent event;
        Redemption outcome;
        synchronized (this) {
            Instant now = clock.instant();
            RefreshState state = refreshToken == null ? null : refreshTokens.get(refreshToken);
            if (state == null) {
                event = record(TokenEvent.Kind.REFUSED_UNKNOWN, hardwareId, refreshToken, null, null);
                outcome = new Refused(TokenEvent.Kind.REFUSED_UNKNOWN);
            } else if (state.uses == 0 || (state.uses == 1 && !now.isAfter(state.firstUse.plus(grace)))) {
                boolean reuse = state.uses == 1;
                if (!reuse) {
                    state.firstUse = now;
                }
                state.uses++;
                Tokens tokens = issue(hardwareId, state.sessionId, state.oiat);
                TokenEvent.Kind kind = reuse ? TokenEvent.Kind.REUSED_WITHIN_GRACE : TokenEvent.Kind.ROTATED;
                event = record(kind, hardwareId, refreshToken, tokens.refreshToken(), state.sessionId);
                outcome = new Rotated(tokens, reuse);
            } else {
                state.uses++;
                event = record(TokenEvent.Kind.REFUSED_USED, hardwareId, refreshToken, null, state.sessionId);
                outcome = new Refused(TokenEvent.Kind.REFUSED_USED);
            }
        }
        observer.accept(event);
        return outcome;
    }

    /** The grant behind a bearer token, if the cloud issued it and it has not expired. */
    synchronized Optional<AccessGrant> access(String accessToken) {
        AccessGrant grant = accessToken == null ? null : accessTokens.get(accessToken);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    synchronized List<TokenEvent> events() {
        return List.copyOf(events);
    }

    private Tokens issue(String hardwareId, String sessionId, long oiat) {
        long iat = clock.instant().getEpochSecond();
        String access = mint.access(userId, hardwareId, sessionId, iat, oiat);
        String refresh = mint.refresh(userId, sessionId, iat, oiat);
        accessTokens.put(access, new AccessGrant(hardwareId, sessionId,
                Instant.ofEpochSecond(iat + OAuthEndpoint.EXPIRES_IN)));
        refreshTokens.put(refresh, new RefreshState(sessionId, oiat));
        return new Tokens(access, refresh, sessionId);
    }

    private TokenEvent record(TokenEvent.Kind kind, String hid, String presented, String issued, String session) {
        TokenEvent event = new TokenEvent(clock.instant(), kind, hid, presented, issued, session);
        events.add(event);
        return event;
    }
}
