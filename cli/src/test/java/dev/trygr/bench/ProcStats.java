package dev.trygr.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Process and machine CPU/memory figures from Linux's {@code /proc}; -1 (or 0 for sizes) when unavailable. */
final class ProcStats {
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    static long clockTicksPerSecond() {
        return CLOCK_TICKS_PER_SECOND;
    }

    /** utime + stime of a process, in microseconds (resolution: one clock tick, usually 10 ms). */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15: utime, stime
            return ticks * 1_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time (user + system, microseconds) of every live thread of a process, by thread id, with its name
     * ({@code /proc/PID/task/TID/comm}, at most 15 characters). Empty when unavailable.
     */
    static Map<Long, Map.Entry<String, Long>> threadCpuMicros(long pid) {
        Map<Long, Map.Entry<String, Long>> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(Long.parseLong(task.getFileName().toString()),
                            Map.entry(name, ticks * 1_000_000L / CLOCK_TICKS_PER_SECOND));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** The kind of JVM thread a native thread name stands for, for a CPU breakdown. */
    static String threadGroup(String name) {
        if (name.startsWith("trygr-io")) {
            return "io event loops";
        }
        if (name.startsWith("trygr-capture") || name.startsWith("trygr-writer")) {
            return "capture writer";
        }
        if (name.startsWith("trygr-forge")) {
            return "forging";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC+VM";
        }
        return "other";
    }

    /** A {@code kB} line of {@code /proc/PID/status} such as {@code VmHWM:}, in KiB; 0 when unavailable. */
    static long statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), e.g. "0.42 0.61 0.80", or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Busy and total jiffies of the whole machine ({@code /proc/stat} "cpu" line): {busy, total}. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {   // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 100;
            }
            long v = Long.parseLong(out);
            return v > 0 ? v : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
