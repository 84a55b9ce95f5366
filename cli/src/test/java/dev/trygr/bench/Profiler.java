package dev.trygr.bench;

import com.sun.tools.attach.VirtualMachine;

import java.nio.file.Path;

/**
 * With {@code --profile LIB}: async-profiler (its {@code libasyncProfiler.so}, e.g. unpacked from Maven Central's
 * {@code tools.profiler:async-profiler}) attached to the proxy for exactly the measured window, sampling CPU
 * time. It writes {@code profile.collapsed} (one line per stack and its samples, for flame graph tools or grep)
 * and {@code profile.html} (a flame graph) into the run's folder.
 */
final class Profiler {
    private final Path library;
    private final long pid;
    private final Path dir;
    private String problem;

    Profiler(Path library, long pid, Path dir) {
        this.library = library;
        this.pid = pid;
        this.dir = dir;
    }

    void start() {
        command("start,event=cpu,interval=1ms,threads");
    }

    void stop() {
        command("dump,file=" + dir.resolve("profile.collapsed") + ",collapsed");
        command("stop,file=" + dir.resolve("profile.html"));
    }

    /** What went wrong attaching or profiling, or null. */
    String problem() {
        return problem;
    }

    private void command(String what) {
        if (problem != null) {
            return;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgentPath(library.toString(), what);
            } finally {
                vm.detach();
            }
        } catch (Exception e) {
            problem = "async-profiler '" + what + "' failed: " + e;
        }
    }
}
