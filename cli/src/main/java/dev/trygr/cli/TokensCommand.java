package dev.trygr.cli;

import dev.trygr.analyzer.tokens.CaptureRef;
import dev.trygr.analyzer.tokens.TokenClaims;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.analyzer.tokens.TokenStanding;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.fcm.JwtClaims;
import dev.trygr.capture.fcm.PushCredentials;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.capture.secrets.Redactor;
import dev.trygr.reports.tokens.DiffHtml;
import dev.trygr.reports.tokens.DiffJson;
import dev.trygr.reports.tokens.DiffText;
import dev.trygr.reports.tokens.LineageJson;
import dev.trygr.reports.tokens.LineageText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Ring token lifecycles: refresh-token chains and FCM registrations per client, in one capture"
                + " (lineage) or across two (diff), and where a saved token stands (inspect)."},
        subcommands = {TokensCommand.Lineage.class, TokensCommand.Diff.class, TokensCommand.Inspect.class},
        footer = {"", "Did my homebridge keep its token and its FCM registration across a restart?",
            "  trygr tokens diff before.db after.db        (or capture.db#1 capture.db#2: two runs in one file)"})
final class TokensCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true,
            description = {"Per client (hardware_id, else address and user agent): its chains of refresh tokens (how"
                    + " each was obtained, issued, first used, superseded and by which, stale reuses and how late,"
                    + " invalid_grant, refreshes whose outcome is unknown), the FCM registrations bound to them,"
                    + " and what went wrong.",
                "Tokens are shown as fingerprint prefixes (the same as the capture's REDACTED markers)."})
    static final class Lineage implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--capture", paramLabel = "FILE[#SESSION]", defaultValue = "capture.db",
                description = "The capture to read, or one session of it (capture.db#2). Default: ./capture.db.")
        String capture;

        @Option(names = "--session", paramLabel = "N", description = "Read only session N (one proxy run).")
        Long session;

        @Option(names = "--json", description = "Print JSON instead of the text tree.")
        boolean json;

        @Option(names = "--all", description = "Show every token; by default long runs of routine rotations"
                + " are folded.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            CaptureRef ref = TokenSources.withSession(TokenSources.ref(capture, "--capture"), session);
            TokenLineage lineage = TokenSources.lineage(ref);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                LineageJson.write(lineage, out);
                out.println();
            } else {
                new LineageText(out, all).render(lineage);
            }
            out.flush();
            return ExitCode.OK.code;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Compare two captures (or two sessions of one: capture.db#1 capture.db#2) client by"
                    + " client: did B continue A's refresh-token chain (persisted correctly, stale reuse, new"
                    + " login), did the client keep its FCM registration or register anew, did its hardware_id or"
                    + " device_model change, which anomalies appeared or went away. One verdict line per client.",
                "Across two files tokens are matched by their JWT claims (session_id + iat), because each capture"
                    + " fingerprints secrets under its own key; sessions of one file are matched exactly."})
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A", description = "The earlier capture: FILE or FILE#SESSION.")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "The later capture: FILE or FILE#SESSION.")
        String b;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Also write the diff as a self-contained HTML page (no network, no script).")
        Path htmlOut;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            CaptureRef refA = TokenSources.ref(a, "A");
            CaptureRef refB = TokenSources.ref(b, "B");
            if (refA.equals(refB)) {
                throw new UserError(ExitCode.USAGE, "A and B are both " + refA.label() + ": give two captures, or"
                        + " two sessions of one (" + refA.file() + "#1 " + refA.file() + "#2)");
            }
            TokenDiff diff = TokenDiffer.diff(TokenSources.lineage(refA), TokenSources.lineage(refB));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                DiffJson.write(diff, out);
                out.println();
            } else {
                new DiffText(out).render(diff);
            }
            if (htmlOut != null) {
                writeHtml(diff, htmlOut);
                (json ? spec.commandLine().getErr() : out).println("Wrote " + htmlOut);
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return ExitCode.OK.code;
        }

        private static void writeHtml(TokenDiff diff, Path file) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".trygr-diff", ".html");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    DiffHtml.write(diff, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                            TrygrCommand.version(), w);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Say what a ring-client-api token holds (refresh-token claims, hardware id, which push "
                    + "credentials), without printing any secret.",
                "With --capture: whether it is the latest token of its chain in that capture or already"
                    + " superseded, and since when; and whether its FCM token is still the one Ring was given."})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOKEN_OR_CONFIG",
                description = "ring-client-api's refresh token, or a file holding it (homebridge's config.json).")
        String token;

        @Option(names = "--capture", paramLabel = "FILE[#SESSION]",
                description = "Find the token in this capture (or one session of it).")
        String capture;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RingCredentials credentials = CapturedPushes.credentials(token);
            out.println(credentials.describe());
            if (capture != null) {
                CaptureRef ref = TokenSources.ref(capture, "--capture");
                try (CaptureReader reader = Captures.reader(ref.file())) {
                    TokenLineage lineage = TokenSources.lineage(reader, ref);
                    Redactor keyed = new Redactor(reader.secretKey());
                    String fcm = credentials.push().flatMap(PushCredentials::fcm).map(PushCredentials.Fcm::token)
                            .filter(t -> !t.isEmpty()).map(keyed::fingerprint).orElse(null);
                    TokenStanding standing = TokenStanding.of(lineage, keyed.fingerprint(credentials.refreshToken()),
                            credentials.refreshTokenClaims().map(Inspect::claims).orElse(null), fcm);
                    out.println();
                    out.println("In " + ref.label() + ":");
                    standing.lines().forEach(l -> out.println("  " + l));
                }
            }
            out.flush();
            return ExitCode.OK.code;
        }

        private static TokenClaims claims(JwtClaims c) {
            return new TokenClaims(c.issuedAt().isPresent() ? c.issuedAt().getAsLong() : null,
                    c.originalIssuedAt().isPresent() ? c.originalIssuedAt().getAsLong() : null,
                    c.sessionId().orElse(null), c.keyId().orElse(null));
        }
    }
}
