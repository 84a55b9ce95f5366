package dev.trygr.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LeakGuardTest {

    @Test
    void isInstalledBeforeNettyCreatedItsDetectorsAndRunsParanoid() {
        assertEquals("RecordingFactory", ResourceLeakDetectorFactory.instance().getClass().getSimpleName());
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    }

    @Test
    void detectsABufferThatWasNeverReleased() {
        String marker = "leakguard-self-test-" + UUID.randomUUID();
        Predicate<LeakGuard.Leak> ours = leak -> leak.records().contains(marker);
        leakOneBuffer(marker);
        try {
            List<LeakGuard.Leak> leaks = LeakGuard.detectLeaks(1);
            for (int round = 1; round < 10 && leaks.stream().noneMatch(ours); round++) {
                leaks = LeakGuard.detectLeaks(1);
            }
            List<LeakGuard.Leak> seen = leaks;
            LeakGuard.Leak leak = leaks.stream().filter(ours).findFirst()
                    .orElseThrow(() -> new AssertionError("deliberate leak not detected; recorded: " + seen));
            assertEquals("ByteBuf", leak.resourceType());
            assertTrue(leak.records().contains("leakOneBuffer"), "records name the allocation site: " + leak);
        } finally {
            LeakGuard.discardLeaks(ours); // the deliberate leak must not fail the build
        }
    }

    @Test
    void seesNoLeakWhenEveryBufferIsReleased() {
        for (int i = 0; i < 100; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(256);
            ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
            ByteBuf unpooled = Unpooled.directBuffer(64);
            pooled.writeLong(i);
            heap.writeBytes(pooled, 0, 8);
            ByteBuf slice = heap.retainedSlice();
            slice.release();
            pooled.release();
            heap.release();
            unpooled.release();
        }
        assertEquals(List.of(), LeakGuard.detectLeaks());
    }

    /** Allocates in its own frame so nothing keeps the buffer reachable after returning. */
    private static void leakOneBuffer(String marker) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeInt(42);
        buf.touch(marker);
    }
}
