package dev.trygr.capture.ring;

import dev.trygr.capture.ring.RingEvent.AccessTokenFirstUsed;
import dev.trygr.capture.ring.RingEvent.BearerPresented;
import dev.trygr.capture.ring.RingEvent.CheckedIn;
import dev.trygr.capture.ring.RingEvent.DoorbotSubscribed;
import dev.trygr.capture.ring.RingEvent.ExpiredAccessTokenUsed;
import dev.trygr.capture.ring.RingEvent.FcmRegistered;
import dev.trygr.capture.ring.RingEvent.FcmReregistered;
import dev.trygr.capture.ring.RingEvent.FirebaseInstalled;
import dev.trygr.capture.ring.RingEvent.GcmRegistered;
import dev.trygr.capture.ring.RingEvent.GrantRejected;
import dev.trygr.capture.ring.RingEvent.PasswordLoginRepeated;
import dev.trygr.capture.ring.RingEvent.RingDeviceUpdated;
import dev.trygr.capture.ring.RingEvent.RingSessionCreated;
import dev.trygr.capture.ring.RingEvent.StaleTokenReused;
import dev.trygr.capture.ring.RingEvent.TokenGrantCompleted;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Token lineage and FCM registrations across flows, by fingerprint. Every refresh token Ring issues knows the
 * token it was issued for (its parent: the token presented in the grant that issued it) and the tokens issued for
 * it. From that the ledger finds a stale token presented again ({@code stale_reuse}), Ring rejecting a refresh
 * ({@code invalid_grant}), repeated password logins for one hardware_id, access tokens used after their
 * {@code exp}, and a hardware_id whose FCM registration changed ({@code fcm_reregistered}).
 *
 * <p>Live events go through {@link #observe}; a capture's stored rows are fed back through the {@code replay…}
 * methods at writer start, so a second run on the same file continues the chains (replay changes the state the
 * same way and reports nothing). Memory is bounded: each map forgets its least recently used entries past
 * {@link #MAX_ENTRIES}. Not thread-safe (the writer thread owns it).
 */
public final class TokenLedger {
    static final int MAX_ENTRIES = 100_000;
    private static final int MAX_CHILDREN = 16;

    /**
     * What the ledger knows about one refresh token.
     *
     * @param state {@code issued} (never presented), {@code used} (a refresh with it succeeded), {@code superseded}
     *              (a newer token was issued to its hardware_id before it was used), {@code rejected} (Ring
     *              refused it), {@code unknown} (it was presented but the answer was lost or cut off)
     */
    public record RefreshTokenState(String token, String parent, List<String> children, String state,
                                    long issuedAtMicros, long usedAtMicros, long supersededAtMicros,
                                    String supersededBy, String hardwareId) {
    }

    private static final class Refresh {
        final String token;
        String parent;
        final List<String> children = new ArrayList<>(1);
        String hardwareId;
        long issuedAt;
        long usedAt;
        long supersededAt;
        String supersededBy;
        long rejectedAt;
        long unknownAt;

        Refresh(String token) {
            this.token = token;
        }

        String state() {
            if (usedAt > 0) {
                return "used";
            }
            if (supersededAt > 0) {
                return "superseded";
            }
            if (rejectedAt > 0) {
                return "rejected";
            }
            return unknownAt > 0 ? "unknown" : "issued";
        }

        /** Since when presenting it again is stale (µs), or 0 when it is not. */
        long staleSince() {
            return supersededAt > 0 ? supersededAt : usedAt;
        }
    }

    private static final class Access {
        Long expiresAt;
        String hardwareId;
        String parent;
        boolean used;
        boolean expiredNoted;
    }

    private record Login(int count, long lastAt) {
    }

    private record FirstPush(String token, long at) {
    }

    private final Map<String, Refresh> refresh = bounded();
    private final Map<String, Access> access = bounded();
    private final Map<String, String> newestRefreshByHardware = bounded();
    private final Map<String, Login> passwordLogins = bounded();
    private final Map<String, FirstPush> firstPushByHardware = bounded();
    private final Set<String> reregistered = Collections.newSetFromMap(bounded());
    /** Client address to the hardware_ids seen from it (at most two kept: two means "ambiguous"). */
    private final Map<String, Set<String>> hardwareByAddress = bounded();

    /**
     * Takes one recognized event into the ledger. Returns what to record, in order: the event (with the
     * hardware_id filled in when the ledger knows it, and a grant's presented token's parent) followed by any
     * findings. A {@link BearerPresented} is not returned itself: it becomes {@link AccessTokenFirstUsed} on a
     * token's first use and {@link ExpiredAccessTokenUsed} on its first use after {@code exp}.
     */
    public List<RingEvent> observe(RingEvent event) {
        List<RingEvent> out = new ArrayList<>(2);
        if (event instanceof TokenGrantCompleted g) {
            List<RingEvent> findings = new ArrayList<>(1);
            ClientId[] who = {g.client()};
            String parent = applyGrant(g.atMicros(), who, g.grant(), g.outcome(), g.presented(), g.issuedAccess(),
                    g.accessExpiresMicros(), g.issuedRefresh(), g.error(), findings);
            out.add(g.withLedger(who[0], parent));
            out.addAll(findings);
        } else if (event instanceof BearerPresented b) {
            bearer(b, out);
        } else if (event instanceof RingSessionCreated s) {
            out.add(s.withClient(viaBearer(s.client(), s.bearer())));
        } else if (event instanceof RingDeviceUpdated d) {
            RingDeviceUpdated known = d.withClient(viaBearer(d.client(), d.bearer()));
            out.add(known);
            if (d.status() / 100 == 2 && d.pushToken() != null && known.client().hardwareId() != null) {
                pushToken(d.atMicros(), known.client(), d.pushToken(), "ring_push_token", out);
            }
        } else if (event instanceof DoorbotSubscribed s) {
            out.add(s.withClient(viaBearer(s.client(), s.bearer())));
        } else if (event instanceof FcmRegistered r) {
            FcmRegistered known = r.withClient(viaAddress(r.client()));
            out.add(known);
            if (r.outcome() == CallOutcome.OK && r.token() != null && known.client().hardwareId() != null) {
                pushToken(r.atMicros(), known.client(), r.token(), "fcm_register", out);
            }
        } else if (event instanceof GcmRegistered r) {
            out.add(r.withClient(viaAddress(r.client())));
        } else if (event instanceof FirebaseInstalled r) {
            out.add(r.withClient(viaAddress(r.client())));
        } else if (event instanceof CheckedIn r) {
            out.add(r.withClient(viaAddress(r.client())));
        } else {
            out.add(event); // a finding handed back in: nothing to learn from it
        }
        return out;
    }

    /** A stored grant ({@code token_events} kind {@code grant}), fed back at start. */
    public void replayGrant(long atMicros, ClientId client, Grant grant, GrantOutcome outcome, String presented,
                            String issuedAccess, Long accessExpiresMicros, String issuedRefresh) {
        applyGrant(atMicros, new ClientId[] {client}, grant, outcome, presented, issuedAccess, accessExpiresMicros,
                issuedRefresh, null, null);
    }

    /** A stored access token use ({@code access_token_used} or {@code access_token_expired_use}). */
    public void replayAccessUse(ClientId client, String token, Long expiresAtMicros, boolean expiredUseNoted) {
        Access a = access(token);
        a.used = true;
        a.expiredNoted |= expiredUseNoted;
        if (a.expiresAt == null) {
            a.expiresAt = expiresAtMicros;
        }
        if (a.hardwareId == null) {
            a.hardwareId = client.hardwareId();
        }
        noteAddress(client);
    }

    /**
     * A stored FCM token of a hardware_id: a successful {@code fcm_register} or a 2xx {@code ring_push_token}
     * with a hardware_id, or an {@code fcm_reregistered} finding.
     */
    public void replayPushToken(long atMicros, ClientId client, String token, boolean reregistrationNoted) {
        if (reregistrationNoted) {
            reregistered.add(token);
        }
        if (client.hardwareId() != null && token != null) {
            pushToken(atMicros, client, token, null, null);
        }
    }

    /** Any stored event with a hardware_id and an address, so later FCM calls from that address are attributed. */
    public void replayClient(ClientId client) {
        noteAddress(client);
    }

    /** What the ledger knows about a refresh token (by fingerprint). */
    public Optional<RefreshTokenState> refreshToken(String token) {
        Refresh r = refresh.get(token);
        return r == null ? Optional.empty()
                : Optional.of(new RefreshTokenState(r.token, r.parent, List.copyOf(r.children), r.state(),
                        r.issuedAt, r.usedAt, r.supersededAt, r.supersededBy, r.hardwareId));
    }

    /**
     * Applies a grant; {@code findings} null when replaying. {@code who[0]} may gain a hardware_id.
     *
     * @return the parent of the presented token, when known
     */
    private String applyGrant(long at, ClientId[] who, Grant grant, GrantOutcome outcome, String presented,
                              String issuedAccess, Long accessExpires, String issuedRefresh, String error,
                              List<RingEvent> findings) {
        ClientId client = who[0];
        Refresh used = null;
        String parent = null;
        if (grant == Grant.REFRESH_TOKEN && presented != null) {
            used = refresh.get(presented);
            String before = used == null ? "unseen" : used.state();
            if (used == null) {
                used = new Refresh(presented);
                refresh.put(presented, used);
            }
            if (client.hardwareId() == null && used.hardwareId != null) {
                client = client.withHardwareId(used.hardwareId);
            }
            parent = used.parent;
            long since = used.staleSince();
            if (since > 0 && findings != null) {
                findings.add(new StaleTokenReused(at, client, presented, parent, used.supersededBy, since,
                        at - since, before));
            }
            switch (outcome) {
                case OK:
                    used.usedAt = used.usedAt == 0 ? at : used.usedAt;
                    break;
                case INVALID_GRANT:
                case ACCESS_DENIED:
                case BAD_CODE:
                    used.rejectedAt = used.rejectedAt == 0 ? at : used.rejectedAt;
                    if (outcome == GrantOutcome.INVALID_GRANT && findings != null) {
                        findings.add(new GrantRejected(at, client, presented, parent, used.supersededBy, before,
                                since > 0 ? at - since : null, error));
                    }
                    break;
                default:
                    used.unknownAt = used.unknownAt == 0 ? at : used.unknownAt; // not "used": the answer was lost
            }
        }
        String hardwareId = client.hardwareId();
        boolean issued = outcome == GrantOutcome.OK || outcome == GrantOutcome.CUT_OFF;
        if (issued && issuedRefresh != null) {
            issue(at, used, issuedRefresh, hardwareId, outcome == GrantOutcome.OK);
        }
        if (issued && issuedAccess != null) {
            Access a = access(issuedAccess);
            a.expiresAt = a.expiresAt == null ? accessExpires : a.expiresAt;
            a.hardwareId = a.hardwareId == null ? hardwareId : a.hardwareId;
            a.parent = a.parent == null ? presented : a.parent;
        }
        if (grant.isPassword() && outcome == GrantOutcome.OK && hardwareId != null) {
            Login previous = passwordLogins.get(hardwareId);
            if (previous != null && findings != null) {
                findings.add(new PasswordLoginRepeated(at, client, previous.count() + 1, previous.lastAt()));
            }
            passwordLogins.put(hardwareId, new Login(previous == null ? 1 : previous.count() + 1, at));
        }
        noteAddress(client);
        who[0] = client;
        return parent;
    }

    /** Records a refresh token Ring issued for {@code used} (null for a password login). */
    private void issue(long at, Refresh used, String token, String hardwareId, boolean delivered) {
        Refresh child = refresh.get(token);
        if (child == null) {
            child = new Refresh(token);
            refresh.put(token, child);
        }
        child.issuedAt = child.issuedAt == 0 ? at : child.issuedAt;
        child.hardwareId = child.hardwareId == null ? hardwareId : child.hardwareId;
        if (used != null && !used.token.equals(token)) {
            child.parent = child.parent == null ? used.token : child.parent;
            if (!used.children.contains(token) && used.children.size() < MAX_CHILDREN) {
                used.children.add(token);
            }
            if (delivered && used.supersededAt == 0) {
                used.supersededAt = at;
                used.supersededBy = token;
            }
        }
        if (delivered && hardwareId != null) {
            String previous = newestRefreshByHardware.put(hardwareId, token);
            if (previous != null && !previous.equals(token) && (used == null || !previous.equals(used.token))) {
                Refresh older = refresh.get(previous);
                if (older != null && older.supersededAt == 0) {
                    older.supersededAt = at;
                    older.supersededBy = token;
                }
            }
        }
    }

    private void bearer(BearerPresented b, List<RingEvent> out) {
        Access a = access(b.token());
        JwtClaims claims = b.claims();
        if (claims != null) {
            a.expiresAt = a.expiresAt == null ? claims.expMicros() : a.expiresAt;
            a.hardwareId = a.hardwareId == null ? claims.hardwareId() : a.hardwareId;
        }
        ClientId client = b.client();
        if (client.hardwareId() == null && a.hardwareId != null) {
            client = client.withHardwareId(a.hardwareId);
        }
        noteAddress(client);
        if (!a.used) {
            a.used = true;
            out.add(new AccessTokenFirstUsed(b.atMicros(), client, b.token(), claims, a.parent, a.expiresAt,
                    b.host(), b.path(), b.status()));
        }
        if (a.expiresAt != null && b.atMicros() > a.expiresAt && !a.expiredNoted) {
            a.expiredNoted = true;
            out.add(new ExpiredAccessTokenUsed(b.atMicros(), client, b.token(), claims, a.parent, a.expiresAt,
                    b.atMicros() - a.expiresAt, b.host(), b.path(), b.status()));
        }
    }

    /** {@code findings} null when replaying. */
    private void pushToken(long at, ClientId client, String token, String via, List<RingEvent> findings) {
        FirstPush first = firstPushByHardware.get(client.hardwareId());
        if (first == null) {
            firstPushByHardware.put(client.hardwareId(), new FirstPush(token, at));
        } else if (!first.token().equals(token) && reregistered.add(token) && findings != null) {
            findings.add(new FcmReregistered(at, client, first.token(), first.at(), token, via));
        }
    }

    private ClientId viaBearer(ClientId client, String bearer) {
        if (client.hardwareId() == null && bearer != null) {
            Access a = access.get(bearer);
            if (a != null && a.hardwareId != null) {
                client = client.withHardwareId(a.hardwareId);
            }
        }
        noteAddress(client);
        return client;
    }

    /** The hardware_id of the one client seen at this address, when there was exactly one. */
    private ClientId viaAddress(ClientId client) {
        if (client.hardwareId() != null || client.address() == null) {
            return client;
        }
        Set<String> ids = hardwareByAddress.get(client.address());
        return ids != null && ids.size() == 1 ? client.withHardwareId(ids.iterator().next()) : client;
    }

    private void noteAddress(ClientId client) {
        if (client.hardwareId() == null || client.address() == null) {
            return;
        }
        Set<String> ids = hardwareByAddress.computeIfAbsent(client.address(), k -> new LinkedHashSet<>(2));
        if (ids.size() < 2) {
            ids.add(client.hardwareId());
        }
    }

    private Access access(String token) {
        Access a = access.get(token);
        if (a == null) {
            a = new Access();
            access.put(token, a);
        }
        return a;
    }

    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
