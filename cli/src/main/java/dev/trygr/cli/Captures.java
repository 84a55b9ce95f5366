package dev.trygr.cli;

import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureException;
import dev.trygr.capture.CaptureReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Opening an existing capture for a command, with the messages a user needs when it is not there. */
final class Captures {
    private Captures() {
    }

    static CaptureReader reader(Path file) {
        requireExists(file);
        return CaptureReader.open(file);
    }

    /** A writable handle, for commands that add to an existing capture ({@code fcm decrypt --store}). */
    static Capture writable(Path file) {
        requireExists(file);
        return Capture.open(file);
    }

    private static void requireExists(Path file) {
        if (!Files.exists(file)) {
            throw new UserError(ExitCode.CAPTURE, "no capture at " + file
                    + ": run 'trygr proxy' (or 'trygr demo') first, or pass --capture FILE");
        }
        if (Files.isDirectory(file)) {
            throw new CaptureException(file + " is a folder, not a trygr capture");
        }
    }

    /** A capture time (µs since the epoch) as ISO-8601. */
    static String time(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000)
                .toString();
    }
}
