package dev.trygr.proxy.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name for the default CA name, found without a DNS lookup where possible. */
final class LocalHostName {

    private LocalHostName() {}

    /** The host name, or {@code "unknown host"}; never throws. */
    static String find() {
        String name = fromFile(Path.of("/etc/hostname"));
        if (name.isEmpty()) {
            name = clean(System.getenv("COMPUTERNAME")); // Windows
        }
        if (name.isEmpty()) {
            name = clean(System.getenv("HOSTNAME"));
        }
        if (name.isEmpty()) {
            try {
                // may consult the resolver; only reached where the cheaper sources are empty
                name = clean(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException | SecurityException e) {
                name = ""; // the name is decoration; the CA works without it
            }
        }
        return name.isEmpty() ? "unknown host" : name;
    }

    private static String fromFile(Path file) {
        try {
            return Files.isReadable(file) ? clean(Files.readString(file, StandardCharsets.UTF_8)) : "";
        } catch (IOException | RuntimeException e) {
            return ""; // unreadable or not UTF-8: fall back to the next source
        }
    }

    /** First line, trimmed, printable ASCII only. */
    private static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String line = raw.strip().lines().findFirst().orElse("");
        return line.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? line : "";
    }
}
