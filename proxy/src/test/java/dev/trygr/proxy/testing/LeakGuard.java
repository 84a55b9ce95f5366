package dev.trygr.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns every Netty resource leak (ByteBuf or any other tracked resource) into a test failure.
 *
 * <p>Registered for every test class of every module that has the proxy test-jar on its test classpath,
 * through {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and JUnit's extension
 * autodetection. Loading this class installs a {@link ResourceLeakDetectorFactory} whose detectors record
 * each reported leak (and still log it); it also forces the detection level to {@code PARANOID}, so a run
 * from an IDE without the surefire {@code argLine} behaves the same. The factory has to be installed before
 * the first ByteBuf is allocated in the JVM (Netty creates the ByteBuf detector once, in a static field);
 * autodetected extensions are created before any test class is initialised, and {@link #beforeAll} fails
 * loudly if it was nevertheless too late.
 *
 * <p>After each test that allocated a tracked resource (one collection round, ~15 ms) and after each test
 * class (up to three rounds) it runs the garbage collector, waits — bounded — for the collected references
 * to be enqueued, makes every detector poll its reference queue, and fails with the leak records if any leak
 * was recorded. A leak may surface a test or two late (the GC decides when a buffer becomes unreachable,
 * e.g. one still queued on an event loop); the records name where it was allocated and touched, and the
 * class's AfterAll catches it at the latest. Leak records are logged by Netty as well (test output file).
 *
 * <p>Tests that leak on purpose call {@link #detectLeaks()} and then {@link #discardLeaks(Predicate)}.
 */
public final class LeakGuard implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** One leak reported by a Netty leak detector: the resource type and the access records (may be empty). */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK of " + resourceType + (records.isEmpty() ? " (no records)" : ":" + records);
        }
    }

    private static final List<Leak> LEAKS = new CopyOnWriteArrayList<>();
    private static final List<ResourceLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static final long ROUND_TIMEOUT_MILLIS = 1_000;
    /** Resources tracked since the last collection round; a test that tracked none gets no round. */
    private static final AtomicLong TRACKED_SINCE_ROUND = new AtomicLong();
    private static volatile boolean installedInTime;

    static {
        install();
    }

    /** Installs the recording factory; idempotent. Called by the class initialiser. */
    static synchronized void install() {
        if (ResourceLeakDetectorFactory.instance() instanceof RecordingFactory) {
            return;
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        // initialises AbstractByteBuf (and its detector) now, so we can tell whether ours is the one in use
        PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        installedInTime = DETECTORS.stream().anyMatch(d -> d instanceof RecordingDetector<?> r
                && r.type.equals(ByteBuf.class.getSimpleName()));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        if (!installedInTime) {
            throw new ExtensionConfigurationException("LeakGuard was installed after Netty created its ByteBuf "
                    + "leak detector; ByteBuf leaks would go unnoticed. Something allocated a ByteBuf before "
                    + "JUnit extension autodetection ran.");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // a test that allocated nothing tracked gets no GC round (keeps pure-logic tests fast); an older
        // leak still surfaces after the next allocating test or, at the latest, after the class
        failOnLeaks(TRACKED_SINCE_ROUND.get() > 0 || !LEAKS.isEmpty() ? 1 : 0, context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnLeaks(3, context.getDisplayName());
    }

    /**
     * Runs up to three collection rounds, stopping early once a new leak was recorded, and returns all leaks
     * recorded so far, without clearing them. Bounded: about one second per round at worst.
     */
    public static List<Leak> detectLeaks() {
        return detectLeaks(3);
    }

    /** Like {@link #detectLeaks()} with at most the given number of rounds. */
    public static List<Leak> detectLeaks(int rounds) {
        int before = LEAKS.size();
        for (int i = 0; i < rounds && LEAKS.size() <= before; i++) {
            collectAndPoll();
        }
        return recordedLeaks();
    }

    /** The leaks recorded so far (a snapshot). */
    public static List<Leak> recordedLeaks() {
        return List.copyOf(LEAKS);
    }

    /** Forgets the recorded leaks that match, e.g. the one a test leaked on purpose. */
    public static void discardLeaks(Predicate<Leak> which) {
        LEAKS.removeIf(which);
    }

    /** Forgets all recorded leaks. */
    public static void clearLeaks() {
        LEAKS.clear();
    }

    private static void failOnLeaks(int rounds, String where) {
        List<Leak> leaks = detectLeaks(rounds);
        if (leaks.isEmpty()) {
            return;
        }
        LEAKS.removeAll(leaks);
        StringBuilder message = new StringBuilder()
                .append(leaks.size()).append(" Netty resource leak(s) detected by LeakGuard after ")
                .append(where).append(" (the leak may come from an earlier test; see the records):");
        for (Leak leak : leaks) {
            message.append("\n\n").append(withoutFrameworkFrames(leak.toString()));
        }
        throw new AssertionError(message.toString());
    }

    /** Drops JUnit and reflection stack frames from leak records, which only bury the interesting ones. */
    private static String withoutFrameworkFrames(String records) {
        return records.lines()
                .filter(l -> !l.startsWith("\torg.junit.") && !l.startsWith("\tjava.base/jdk.internal.reflect.")
                        && !l.startsWith("\tjava.base/java.lang.reflect.") && !l.startsWith("\tjava.base/java.util.")
                        && !l.startsWith("\torg.apache.maven.surefire."))
                .collect(Collectors.joining("\n"));
    }

    /**
     * One round: GC, wait until a sentinel weak reference cleared by that GC has been enqueued (leaked
     * buffers' references are cleared by the same GC), then make every detector drain its reference queue.
     */
    private static void collectAndPoll() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(ROUND_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
        poll();
        TRACKED_SINCE_ROUND.set(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void poll() {
        // every allocation of a leak-aware buffer polls the ByteBuf detector's queue ...
        PooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
        PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
        Unpooled.directBuffer(8).release();
        // ... and a forced track/close polls every other detector (SSL engines, timers, ...) as well
        for (ResourceLeakDetector detector : DETECTORS) {
            Object probe = new Object();
            ResourceLeakTracker tracker = detector.trackForcibly(probe);
            if (tracker != null) {
                tracker.close(probe);
            }
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
            DETECTORS.add(detector);
            return detector;
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        private final String type;

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
            this.type = resource.getSimpleName();
        }

        @Override
        protected Object getInitialHint(String resourceType) {
            TRACKED_SINCE_ROUND.incrementAndGet(); // called once per newly tracked resource
            return super.getInitialHint(resourceType);
        }

        @Override
        protected boolean needReport() {
            return true; // record even when Netty's logger has error logging switched off
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(new Leak(resourceType, records));
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(new Leak(resourceType, ""));
            super.reportUntracedLeak(resourceType);
        }
    }
}
