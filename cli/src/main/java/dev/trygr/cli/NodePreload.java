package dev.trygr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The CommonJS file that {@code trygr run} preloads into Node ({@code run/preload.cjs} in the jar), written out
 * where Node can {@code --require} it: {@code DIR/preload-<sha256 prefix>.cjs}. The name changes with the
 * content, so a file in place is never rewritten under a running process; a new one is written to a temporary
 * name and moved into place atomically.
 */
final class NodePreload {
    static final String RESOURCE = "run/preload.cjs";

    private NodePreload() {
    }

    /** The preload as shipped in the jar. */
    static byte[] bytes() {
        try (InputStream in = NodePreload.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Node preload is missing from the trygr jar: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Node preload from the trygr jar", e);
        }
    }

    /** Makes sure {@code dir} holds the preload (creating {@code dir} if needed) and returns its path. */
    static Path install(Path dir) throws IOException {
        byte[] content = bytes();
        Path file = dir.resolve("preload-" + HexFormat.of().formatHex(sha256(content), 0, 8) + ".cjs");
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return file;
        }
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".preload-", ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }

    /**
     * {@code NODE_OPTIONS} with {@code --require <preload>} in front of what was there (so the preload runs
     * before any other preloaded module can open a connection); unchanged when the preload is already in it.
     */
    static String nodeOptions(String existing, Path preload) {
        String require = "--require " + quoted(preload.toAbsolutePath().toString());
        if (existing == null || existing.isBlank()) {
            return require;
        }
        if (existing.contains(require)) {
            return existing;
        }
        return require + " " + existing;
    }

    /** Node reads NODE_OPTIONS like a shell line: double quotes keep spaces, backslash escapes. */
    private static String quoted(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
