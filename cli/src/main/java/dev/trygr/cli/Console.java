package dev.trygr.cli;

import java.io.PrintWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints live lines on its own thread, so a slow terminal never holds up the proxy or the capture writer. When
 * lines come faster than the terminal takes them, the surplus is counted and reported instead of printed.
 */
final class Console implements AutoCloseable {
    private static final String STOP = "\u0000stop";
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(4096);
    private final AtomicLong skipped = new AtomicLong();
    private final PrintWriter out;
    private final Thread printer;

    Console(PrintWriter out) {
        this.out = out;
        this.printer = new Thread(this::drain, "trygr-console");
        this.printer.setDaemon(true);
        this.printer.start();
    }

    /** Queues a line; never blocks. */
    void line(String text) {
        if (!lines.offer(text)) {
            skipped.incrementAndGet();
        }
    }

    private void drain() {
        try {
            while (true) {
                String line = lines.take();
                if (line == STOP) {
                    break;
                }
                long missed = skipped.getAndSet(0);
                if (missed > 0) {
                    out.println("… " + missed + " lines not shown (the terminal was too slow; all flows are recorded)");
                }
                out.println(line);
                if (lines.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    @Override
    public void close() {
        try {
            lines.put(STOP);
            printer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
