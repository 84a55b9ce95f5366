package dev.trygr.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Samples CPU counters at a measured window's edges: this JVM, the origin's processes, the proxy, the machine. */
final class CpuSampler {
    /** CPU spent during a measured window: this JVM (load generator, Netty origin), nginx, the whole machine. */
    record Window(long benchMicros, long originMicros, long machineBusyTicks, long machineTotalTicks) {
        double machineBusyShare() {
            return machineTotalTicks <= 0 ? Double.NaN : (double) machineBusyTicks / machineTotalTicks;
        }
    }

    private final long pid;
    private final Origin origin;
    private final long self = ProcessHandle.current().pid();
    private long proc0;
    private long proc1;
    private long self0;
    private long self1;
    private long origin0;
    private long origin1;
    private long[] machine0;
    private long[] machine1;
    private Map<Long, Map.Entry<String, Long>> threads0 = Map.of();
    private Map<Long, Map.Entry<String, Long>> threads1 = Map.of();

    /** @param pid the proxy's process id, or -1 for a direct run */
    CpuSampler(long pid, Origin origin) {
        this.pid = pid;
        this.origin = origin;
    }

    void start() {
        machine0 = ProcStats.machineTicks();
        self0 = ProcStats.cpuMicros(self);
        origin0 = origin.externalCpuMicros();
        proc0 = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
        threads0 = pid > 0 ? ProcStats.threadCpuMicros(pid) : Map.of();
    }

    void end() {
        proc1 = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
        threads1 = pid > 0 ? ProcStats.threadCpuMicros(pid) : Map.of();
        origin1 = origin.externalCpuMicros();
        self1 = ProcStats.cpuMicros(self);
        machine1 = ProcStats.machineTicks();
    }

    /** The proxy's CPU time in the window, or -1. */
    long processMicros() {
        return proc0 < 0 || proc1 < 0 ? -1 : proc1 - proc0;
    }

    /** The proxy's CPU time in the window by kind of thread (threads that ended inside it are missed). */
    Map<String, Long> threadGroups() {
        return groups(threads0, threads1);
    }

    /** The CPU time of a process's threads since it started, by kind of thread. */
    static Map<String, Long> totalsByGroup(long pid) {
        return groups(Map.of(), ProcStats.threadCpuMicros(pid));
    }

    private static Map<String, Long> groups(Map<Long, Map.Entry<String, Long>> before,
                                            Map<Long, Map.Entry<String, Long>> after) {
        Map<String, Long> groups = new LinkedHashMap<>();
        after.forEach((tid, now) -> {
            Map.Entry<String, Long> then = before.get(tid);
            long delta = now.getValue() - (then == null ? 0 : then.getValue());
            groups.merge(ProcStats.threadGroup(now.getKey()), delta, Long::sum);
        });
        return groups;
    }

    Window window() {
        boolean ok = self0 >= 0 && self1 >= 0 && machine0[0] >= 0 && machine1[0] >= 0;
        return ok ? new Window(self1 - self0, Math.max(0, origin1 - origin0), machine1[0] - machine0[0],
                machine1[1] - machine0[1]) : new Window(-1, -1, -1, -1);
    }
}
