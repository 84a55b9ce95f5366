package dev.trygr.analyzer.tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a token held in a client's config stands in a capture: the latest of its chain, or superseded and since when.
 * Found by fingerprint (the caller fingerprints the token with the capture's own key), else by its JWT claims.
 *
 * @param match     {@code fingerprint}, {@code claims} ({@code session_id} + {@code iat}), {@code ring session}
 *                  (not seen itself, but its Ring session was), or {@code none}
 * @param client    the client it belongs to, null when not found
 * @param chain     its chain, null when not found
 * @param token     the token itself, null unless matched by fingerprint or claims
 * @param successor for a token not seen itself: the first token of its Ring session issued after it, else null
 * @param lines     what to tell the user, one sentence per line
 */
public record TokenStanding(String match, ClientLineage client, Chain chain, TokenNode token, TokenNode successor,
                            List<String> lines) {

    public TokenStanding {
        lines = List.copyOf(lines);
    }

    /**
     * @param fingerprint    the refresh token's fingerprint under the capture's key
     * @param claims         its claims, null when it is not a JWT
     * @param fcmFingerprint the config's FCM token's fingerprint under the capture's key, null when it holds none
     */
    public static TokenStanding of(TokenLineage lineage, String fingerprint, TokenClaims claims,
                                   String fcmFingerprint) {
        var hit = lineage.token(fingerprint);
        String match = hit.isPresent() ? "fingerprint" : "none";
        ClientLineage client = hit.map(TokenLineage.TokenHit::client).orElse(null);
        Chain chain = hit.map(TokenLineage.TokenHit::chain).orElse(null);
        TokenNode token = hit.map(TokenLineage.TokenHit::token).orElse(null);
        TokenNode successor = null;
        TokenNode newestOfSession = null;
        if (token == null && claims != null && claims.linkable()) {
            for (ClientLineage c : lineage.clients()) {
                for (Chain ch : c.chains()) {
                    for (TokenNode t : ch.tokens()) {
                        if (t.claims() != null && claims.ringSession().equals(t.claims().ringSession())
                                && t.claims().iat() != null && (newestOfSession == null
                                || t.claims().iat() > newestOfSession.claims().iat())) {
                            newestOfSession = t;
                            if (client == null) {
                                client = c;
                                chain = ch;
                            }
                        }
                        if (claims.sameTokenAs(t.claims()) && token == null) {
                            match = "claims";
                            client = c;
                            chain = ch;
                            token = t;
                        } else if (token == null && t.claims() != null && claims.ringSession()
                                .equals(t.claims().ringSession()) && t.claims().iat() != null
                                && t.claims().iat() > claims.iat()
                                && (successor == null || t.claims().iat() < successor.claims().iat())) {
                            match = "ring session";
                            client = c;
                            chain = ch;
                            successor = t;
                        }
                    }
                }
            }
            if (token != null) {
                successor = null;
            }
        }
        List<String> lines = new ArrayList<>();
        if (token != null) {
            describe(token, client, chain, match, lines);
        } else if (successor != null) {
            lines.add("Not seen in this capture itself, but its Ring session " + chain.ringSession() + " was ("
                    + client.label() + ", chain " + chain.number() + "): Ring issued " + successor.prefix()
                    + " after it (at " + HumanTime.at(successor.knownSince()) + "), so this token is superseded.");
            lines.add("A client started from it makes a stale reuse: Ring refuses it after a short grace and push"
                    + " notifications break. Save the newest token instead.");
        } else if (newestOfSession != null) {
            match = "ring session";
            lines.add("Newer than anything in this capture: its Ring session " + claims.ringSession() + " was seen ("
                    + client.label() + ", chain " + chain.number() + ") up to " + newestOfSession.prefix() + " (iat "
                    + HumanTime.at(newestOfSession.claims().iat() * 1_000_000L) + "), and this token was issued"
                    + " later: it continues that chain beyond the capture.");
        } else {
            client = null;
            chain = null;
            lines.add("Not in this capture: trygr never saw this refresh token issued or presented"
                    + (claims != null && claims.ringSession() != null ? ", nor its Ring session" : "")
                    + ". Record the client through trygr (trygr proxy, or trygr run) to follow it.");
        }
        if (fcmFingerprint != null) {
            lines.add(push(lineage, client, fcmFingerprint));
        }
        return new TokenStanding(match, client, chain, token, successor, lines);
    }

    private static void describe(TokenNode t, ClientLineage client, Chain chain, String match, List<String> lines) {
        String where = "chain " + chain.number() + " of " + client.label() + " (found by "
                + ("fingerprint".equals(match) ? "fingerprint" : "its session_id and iat claims") + ")";
        TokenNode latest = client.latest() == null ? null : client.token(client.latest());
        String latestText = latest == null || latest == t ? ""
                : " The client's latest token is " + latest.prefix() + " (issued " + HumanTime.at(latest.knownSince())
                + ").";
        switch (t.state()) {
            case LATEST -> lines.add("Current: " + t.prefix() + " is the latest token of " + where + ", issued "
                    + HumanTime.at(t.knownSince()) + ". Restarting from this config continues the chain.");
            case USED, SUPERSEDED -> {
                Long since = t.staleSince();
                lines.add("Superseded since " + HumanTime.at(since) + (t.supersededBy() == null ? ""
                        : " by " + TokenNode.prefix(t.supersededBy())) + (t.firstUsedAt() == null ? ""
                        : " (used " + HumanTime.at(t.firstUsedAt()) + ")") + ": " + t.prefix() + " is an old token"
                        + " of " + where + "." + latestText);
                lines.add("A client started from this config makes a stale reuse: Ring refuses it after a short"
                        + " grace and push notifications break. Save the newest token after every refresh.");
            }
            case REJECTED -> lines.add("Dead: Ring refused " + t.prefix() + " (" + where + "); the client needs a"
                    + " new login." + latestText);
            case UNKNOWN -> lines.add("Uncertain: " + t.prefix() + " (" + where + ") was presented, but the answer"
                    + " was lost or cut off, so it may still be valid, or the client may hold a successor trygr did"
                    + " not see whole." + latestText);
            case UNDELIVERED -> lines.add("Uncertain: " + t.prefix() + " (" + where + ") was issued in a response"
                    + " that was cut off on its way to the client." + latestText);
        }
    }

    private static String push(TokenLineage lineage, ClientLineage client, String fcm) {
        List<ClientLineage> clients = client != null ? List.of(client) : lineage.clients();
        for (ClientLineage c : clients) {
            PushRegistration last = c.lastPushToken();
            for (PushRegistration p : c.push()) {
                if (fcm.equals(p.fcmToken())) {
                    if (last != null && !fcm.equals(last.fcmToken())) {
                        return "Push: its FCM token " + TokenNode.prefix(fcm) + " was replaced: Ring was given "
                                + TokenNode.prefix(last.fcmToken()) + " at " + HumanTime.at(last.at())
                                + " (a re-registration; Ring keeps pushing to the first one).";
                    }
                    return "Push: its FCM token " + TokenNode.prefix(fcm) + " is the one " + c.label()
                            + " registered and gave Ring last (" + HumanTime.at(p.at()) + ").";
                }
            }
        }
        return "Push: its FCM token " + TokenNode.prefix(fcm) + " does not appear in this capture"
                + (client == null || client.lastPushToken() == null ? ""
                : "; the client gave Ring " + TokenNode.prefix(client.lastPushToken().fcmToken()) + " at "
                + HumanTime.at(client.lastPushToken().at())) + ".";
    }
}
