package dev.trygr.analyzer.tokens;

import dev.trygr.analyzer.tokens.Continuity.Method;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether B continues A's token chain and FCM registration for one client. Tokens are found in A by fingerprint
 * when both captures share a key, else by their JWT claims ({@code session_id} + {@code iat}, which come from Ring's
 * clock and so do not suffer from clock skew between the captures).
 */
final class ChainContinuity {
    private final TokenLineage a;
    private final TokenLineage b;
    private final boolean sameKey;

    ChainContinuity(TokenLineage a, TokenLineage b) {
        this.a = a;
        this.b = b;
        this.sameKey = a.keyId().equals(b.keyId());
    }

    Continuity of(ClientLineage ca, ClientLineage cb) {
        TokenNode login = null;
        TokenNode presented = null;
        long presentedAt = Long.MAX_VALUE;
        for (TokenNode t : cb.tokens()) {
            if (t.obtained().isLogin() && t.issuedAt() != null
                    && (login == null || t.issuedAt() < login.issuedAt())) {
                login = t;
            }
            if (!t.presentations().isEmpty() && t.presentations().get(0).at() < presentedAt) {
                presented = t;
                presentedAt = t.presentations().get(0).at();
            }
        }
        if (login != null && login.issuedAt() <= presentedAt) {
            return new Continuity.NewLogin(login.issuedAt(),
                    login.claims() == null ? null : login.claims().ringSession(), !ca.chains().isEmpty());
        }
        if (presented == null) {
            return new Continuity.NoGrantInB();
        }
        TokenRef p = TokenRef.of(presented, "B");
        UseOutcome outcome = presented.presentations().get(0).outcome();
        TokenNode last = ca.latest() == null ? null : ca.token(ca.latest());
        List<TokenNode> candidates = candidates(ca, presented);
        Method method = sameKey ? Method.FINGERPRINT : Method.CLAIMS;
        if (candidates.isEmpty()) {
            return unmatched(ca, presented, p, last, outcome);
        }
        TokenNode match = candidates.get(candidates.size() - 1);
        for (TokenNode t : candidates) {
            if (last != null && t.fingerprint().equals(last.fingerprint())) {
                match = t;
            }
        }
        int others = candidates.size() - 1;
        TokenRef lastRef = last == null ? null : TokenRef.of(last, "A");
        if ((last != null && match.fingerprint().equals(last.fingerprint())) || match.staleSince() == null) {
            return new Continuity.Persisted(p, lastRef != null ? lastRef : TokenRef.of(match, "A"), method, others,
                    outcome);
        }
        long brokenSince = match.staleSince();
        long late = b.ringClock().toRing(presentedAt) - a.ringClock().toRing(brokenSince);
        return new Continuity.StaleReuse(p, TokenRef.of(match, "A"), lastRef, method, others, brokenSince, late,
                outcome);
    }

    PushContinuity push(ClientLineage ca, ClientLineage cb) {
        PushRegistration lastA = ca.lastPushToken();
        List<PushRegistration> okB = cb.push().stream().filter(PushRegistration::ok).toList();
        if (okB.isEmpty()) {
            return new PushContinuity.NoneInB(lastA != null);
        }
        List<PushRegistration> registeredB = okB.stream().filter(r -> "fcm_register".equals(r.via())).toList();
        if (sameKey) {
            if (lastA == null) {
                return new PushContinuity.FirstInB(okB.get(0).at(), TokenNode.prefix(okB.get(0).fcmToken()));
            }
            for (PushRegistration r : okB) {
                if (!r.fcmToken().equals(lastA.fcmToken())) {
                    return new PushContinuity.Reregistered(r.at(), TokenNode.prefix(r.fcmToken()),
                            TokenNode.prefix(lastA.fcmToken()), sameAndroid(ca, r),
                            "its FCM token fingerprint differs from A's last (same capture key)");
                }
            }
            return new PushContinuity.Same(true, "B gave Ring the FCM token A registered last ("
                    + TokenNode.prefix(lastA.fcmToken()) + ", same fingerprint)");
        }
        if (!registeredB.isEmpty()) {
            PushRegistration r = registeredB.get(0);
            if (lastA == null) {
                return new PushContinuity.FirstInB(r.at(), TokenNode.prefix(r.fcmToken()));
            }
            return new PushContinuity.Reregistered(r.at(), TokenNode.prefix(r.fcmToken()),
                    TokenNode.prefix(lastA.fcmToken()), sameAndroid(ca, r),
                    "B registered a new FCM token with Google"
                            + (r.p256dh() != null && r.p256dh().equals(pushKey(ca)) ? " (with the same keys)" : ""));
        }
        Set<String> androidB = new LinkedHashSet<>(cb.androidIds());
        androidB.addAll(b.androidIdsSeen());
        List<String> shared = new ArrayList<>(ca.androidIds());
        shared.retainAll(androidB);
        return new PushContinuity.Same(false, "B registered no new FCM token and gave Ring one it did not register"
                + " during B" + (shared.isEmpty() ? "" : "; B re-checked in with A's android id " + shared.get(0))
                + " (FCM tokens are not compared across capture keys)");
    }

    /** A's tokens of this client that are the token B presented. */
    private List<TokenNode> candidates(ClientLineage ca, TokenNode presented) {
        List<TokenNode> out = new ArrayList<>();
        for (TokenNode t : ca.tokens()) {
            boolean same = sameKey ? t.fingerprint().equals(presented.fingerprint())
                    : presented.claims() != null && presented.claims().sameTokenAs(t.claims());
            if (same) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparingLong(TokenNode::knownSince));
        return out;
    }

    private Continuity unmatched(ClientLineage ca, TokenNode presented, TokenRef p, TokenNode last,
                                 UseOutcome outcome) {
        TokenClaims pc = presented.claims();
        if (!sameKey && (pc == null || !pc.linkable())) {
            return new Continuity.Unlinked(p, "its refresh token carries no session_id and iat claims, and the"
                    + " captures have different keys, so it cannot be compared with A's tokens", outcome);
        }
        TokenClaims lc = last == null ? null : last.claims();
        if (pc != null && pc.linkable() && lc != null && lc.linkable() && pc.ringSession().equals(lc.ringSession())) {
            if (pc.iat() > lc.iat()) {
                return new Continuity.ContinuedUnrecorded(p, TokenRef.of(last, "A"), outcome);
            }
            return new Continuity.Unlinked(p, "it is an older token of A's Ring session that A never saw issued",
                    outcome);
        }
        if (ca.chains().isEmpty()) {
            return new Continuity.Unlinked(p, "A saw no refresh token of this client", outcome);
        }
        if (pc != null && pc.ringSession() != null && !ca.ringSessions().contains(pc.ringSession())) {
            return new Continuity.Unlinked(p, "it belongs to a Ring session A never saw (a login A did not record)",
                    outcome);
        }
        return new Continuity.Unlinked(p, "A never saw this token (issued while trygr was not recording)", outcome);
    }

    private static boolean sameAndroid(ClientLineage ca, PushRegistration r) {
        return r.androidId() != null && ca.androidIds().contains(r.androidId());
    }

    private static String pushKey(ClientLineage c) {
        String key = null;
        for (PushRegistration r : c.push()) {
            if (r.p256dh() != null && r.ok()) {
                key = r.p256dh();
            }
        }
        return key;
    }
}
