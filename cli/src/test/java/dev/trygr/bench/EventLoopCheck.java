package dev.trygr.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Proof, from a JFR recording of the proxy, that certificate forging never runs on or blocks an event loop:
 * execution samples whose stack is inside forging code ({@code LeafForge.forge}, {@code ForgedContexts.build}),
 * counted by the kind of thread they were taken on, and every time an event-loop thread ({@code trygr-io-*})
 * parked, waited on or entered a contended monitor, or slept, for at least {@link #BLOCKING_THRESHOLD}: those
 * whose stack is in forging code ({@code ForgedContexts}, {@code LeafForge}, {@code CertificateSigning}, the
 * Caffeine cache, a future's {@code get}/{@code join}) would be forging blocking a loop; the others (class
 * initialisation at start-up, locks inside the TLS implementation, a lock holder descheduled on a busy machine)
 * are listed for information.
 */
final class EventLoopCheck {
    static final Duration BLOCKING_THRESHOLD = Duration.ofMillis(1);

    /** The JVM options that make the proxy record what {@link #read} needs into {@code file}. */
    static List<String> jvmOptions(Path file) {
        String t = BLOCKING_THRESHOLD.toMillis() + "ms";
        return List.of("-XX:StartFlightRecording=filename=" + file + ",dumponexit=true,settings=default"
                + ",jdk.ExecutionSample#period=5ms"
                + ",jdk.ThreadPark#threshold=" + t + ",jdk.JavaMonitorEnter#threshold=" + t
                + ",jdk.JavaMonitorWait#threshold=" + t + ",jdk.ThreadSleep#threshold=" + t);
    }

    /**
     * @param forgingSamples execution samples in forging code, by thread kind
     * @param allSamples     execution samples on any thread
     * @param loopBlocked    event-loop waits of at least the threshold, by "event type at top trygr/netty frame"
     * @param loopBlockedByForging those of them in certificate code, the same way
     */
    record Result(Map<String, Long> forgingSamples, long allSamples, Map<String, Long> loopBlocked,
                  Map<String, Long> loopBlockedByForging) {
        long forgingOnEventLoops() {
            return forgingSamples.getOrDefault("io event loops", 0L);
        }

        long loopBlockedByForgingTotal() {
            return loopBlockedByForging.values().stream().mapToLong(Long::longValue).sum();
        }

        long loopBlockedTotal() {
            return loopBlocked.values().stream().mapToLong(Long::longValue).sum();
        }

        String forgingText() {
            return forgingSamples.isEmpty() ? "none sampled" : String.join(", ", forgingSamples.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList());
        }
    }

    static Result read(Path recording) throws IOException {
        Map<String, Long> forging = new TreeMap<>();
        Map<String, Long> blocked = new LinkedHashMap<>();
        Map<String, Long> byForging = new LinkedHashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                RecordedThread thread = e.getThread();
                if (type.equals("jdk.ExecutionSample")) {
                    samples++;
                    RecordedThread sampled = e.getThread("sampledThread");
                    if (inAny(e.getStackTrace(), EventLoopCheck::isForging)) {
                        forging.merge(ProcStats.threadGroup(name(sampled)), 1L, Long::sum);
                    }
                } else if (thread != null && name(thread).startsWith("trygr-io")
                        && (type.equals("jdk.ThreadPark") || type.equals("jdk.JavaMonitorEnter")
                        || type.equals("jdk.JavaMonitorWait") || type.equals("jdk.ThreadSleep"))
                        && e.getDuration().compareTo(BLOCKING_THRESHOLD) >= 0) {
                    String where = type + " at " + topFrame(e.getStackTrace());
                    blocked.merge(where, 1L, Long::sum);
                    if (inAny(e.getStackTrace(), EventLoopCheck::isCertificateCode)) {
                        byForging.merge(where, 1L, Long::sum);
                    }
                }
            }
        }
        return new Result(forging, samples, blocked, byForging);
    }

    private static String name(RecordedThread t) {
        if (t == null) {
            return "?";
        }
        String os = t.getOSName();
        return os != null ? os : String.valueOf(t.getJavaName());
    }

    private static boolean inAny(RecordedStackTrace stack, java.util.function.BiPredicate<String, String> test) {
        if (stack == null) {
            return false;
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f.isJavaFrame() && test.test(f.getMethod().getType().getName(), f.getMethod().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isForging(String type, String method) {
        return (type.equals("dev.trygr.proxy.tls.LeafForge") && method.equals("forge"))
                || (type.equals("dev.trygr.proxy.tls.ForgedContexts") && method.equals("build"));
    }

    /** Forging and its cache: the forge, the context cache (Caffeine), a future's blocking get or join. */
    private static boolean isCertificateCode(String type, String method) {
        return type.equals("dev.trygr.proxy.tls.ForgedContexts") || type.equals("dev.trygr.proxy.tls.LeafForge")
                || type.equals("dev.trygr.proxy.tls.CertificateSigning")
                || type.startsWith("com.github.benmanes.caffeine.")
                || (type.equals("java.util.concurrent.CompletableFuture") && (method.equals("get")
                || method.equals("join")));
    }

    private static String topFrame(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("dev.trygr") || type.startsWith("io.netty") || type.startsWith("com.github")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
            }
        }
        return stack.getFrames().isEmpty() ? "?" : stack.getFrames().get(0).getMethod().getName();
    }
}
