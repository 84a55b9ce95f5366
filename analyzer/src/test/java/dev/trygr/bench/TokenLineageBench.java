package dev.trygr.bench;

import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.ClientLineage;
import dev.trygr.analyzer.tokens.TokenDiff;
import dev.trygr.analyzer.tokens.TokenDiffer;
import dev.trygr.analyzer.tokens.TokenFlows;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.analyzer.tokens.SyntheticCapture;
import dev.trygr.capture.CaptureEvent.FlowCompleted;
import dev.trygr.capture.CaptureReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times {@code tokens lineage} and {@code tokens diff} on a long synthetic chain: capture A holds one client's login
 * and N hourly rotations (N = 100,000 by default: eleven years of a homebridge), capture B continues the chain from
 * A's last token for N/10 more. Both are real captures written through the real writer (recognizers, ledger,
 * SQLite). Not a unit test: run it by hand (see the module's README section or the command in the report).
 *
 * <p>Arguments: {@code [rotations] [dir]}; with a dir the captures are kept there (to time the CLI on them).
 */
public final class TokenLineageBench {
    private static final String HW = "6f1c2a9e-0000-4000-8000-1234567890ab";

    private TokenLineageBench() {
    }

    public static void main(String[] args) throws Exception {
        int rotations = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
                : Files.createTempDirectory("trygr-token-bench");
        Path a = dir.resolve("bench-a.db");
        Path b = dir.resolve("bench-b.db");
        for (Path p : new Path[] {a, b}) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(p + suffix));
            }
        }
        TokenFlows.Ring ring = new TokenFlows.Ring(HW);
        long t0 = TokenFlows.T0;
        long started = System.nanoTime();
        TokenFlows.Tokens last = write(a, ring, t0, null, rotations);
        write(b, ring, t0 + (rotations + 2L) * TokenFlows.HOUR, last, rotations / 10);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "wrote A (%,d rotations, %,d bytes) and B (%,d rotations) in %.1f s%n",
                rotations, Files.size(a), rotations / 10, writeSeconds);

        for (int run = 1; run <= 3; run++) {
            System.gc();
            long before = usedHeap();
            long s = System.nanoTime();
            TokenLineage la = lineage(a);
            double lineageA = (System.nanoTime() - s) / 1e9;
            System.gc();
            long heap = usedHeap() - before; // what the model of A keeps (la is still referenced below)
            s = System.nanoTime();
            TokenLineage lb = lineage(b);
            double lineageB = (System.nanoTime() - s) / 1e9;
            s = System.nanoTime();
            TokenDiff diff = TokenDiffer.diff(la, lb);
            double diffSeconds = (System.nanoTime() - s) / 1e9;
            ClientLineage client = la.clients().get(0);
            ClientDiff verdict = diff.clients().get(0);
            System.out.printf(Locale.ROOT, "run %d: lineage A %.2f s (%,d tokens, model %,d MiB), lineage B %.2f s,"
                            + " diff %.3f s; verdict: %s%n", run, lineageA, client.tokens().size(), heap >> 20,
                    lineageB, diffSeconds, verdict.verdict().headline());
        }
        System.out.println("captures kept in " + dir);
    }

    private static TokenFlows.Tokens write(Path file, TokenFlows.Ring ring, long start, TokenFlows.Tokens from,
                                           int rotations) {
        try (SyntheticCapture c = new SyntheticCapture(file)) {
            SyntheticCapture.Session s = c.session(start);
            TokenFlows.Tokens t = from;
            long at = start;
            int batch = 0;
            FlowCompleted[] flows = new FlowCompleted[1000];
            if (t == null) {
                t = ring.login(at);
                flows[batch++] = TokenFlows.passwordOk(at, HW, t);
            }
            for (int i = 0; i < rotations; i++) {
                at += TokenFlows.HOUR;
                TokenFlows.Tokens next = ring.refresh(at);
                flows[batch++] = TokenFlows.refreshOk(at, HW, t.refresh(), next);
                t = next;
                if (batch == flows.length) {
                    s.add(flows);
                    batch = 0;
                }
            }
            FlowCompleted[] rest = new FlowCompleted[batch];
            System.arraycopy(flows, 0, rest, 0, batch);
            s.add(rest);
            s.end(at + TokenFlows.HOUR);
            return t;
        }
    }

    private static TokenLineage lineage(Path file) {
        try (CaptureReader r = CaptureReader.open(file)) {
            return TokenLineage.read(r, null, file.getFileName().toString());
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
