package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.LineageBuilder;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.capture.SessionRow;
import dev.trygr.capture.TokenEventRow;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code token_events} rows as the recorder writes them, fed straight to the lineage builder (no file needed). */
final class TokenRows {
    static final long T0 = 1_700_000_000_000_000L;
    static final long HOUR = 3_600_000_000L;

    private final LineageBuilder builder = new LineageBuilder();
    private final String hardwareId;
    private final String ringSession;
    private long id;
    private String current;

    TokenRows(String hardwareId, String ringSession) {
        this.hardwareId = hardwareId;
        this.ringSession = ringSession;
    }

    static String fingerprint() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    TokenRows login(long at) {
        current = fingerprint();
        builder.accept(grant(at, "password", null, current));
        return this;
    }

    TokenRows rotate(long at) {
        String next = fingerprint();
        builder.accept(grant(at, "refresh_token", current, next));
        current = next;
        return this;
    }

    /** Presents {@code presented} (not necessarily the current token) and takes what Ring issues for it. */
    String rotateFrom(String presented, long at) {
        String next = fingerprint();
        builder.accept(grant(at, "refresh_token", presented, next));
        current = next;
        return next;
    }

    String current() {
        return current;
    }

    TokenLineage lineage(String source) {
        return builder.build(source, null, "0123456789abcdef",
                List.of(new SessionRow(1, "test", T0, null, List.of(), "00", false, false, 1, "{}", "host", 1L)));
    }

    private TokenEventRow grant(long at, String grant, String presented, String issued) {
        long iat = at / 1_000_000L;
        String refresh = "{\"iat\":" + iat + ",\"session_id\":\"" + ringSession + "\"}";
        String claims = "{" + (presented == null ? "" : "\"presented\":{\"iat\":" + (iat - 3600) + ",\"session_id\":\""
                + ringSession + "\"},") + "\"refresh\":" + refresh + "}";
        return new TokenEventRow(++id, 1, id, 1L, at, "grant", hardwareId, "127.0.0.1", "android:com.ringapp", grant,
                "ok", 200, presented, presented == null ? null : "used", null, null, fingerprint(), issued, 3600L,
                at + HOUR, ringSession, claims, null, null, "{\"grant_type\":\"" + grant + "\"}");
    }
}
