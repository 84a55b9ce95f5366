package dev.trygr.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/** File-level checks done before SQLite sees the file: private creation, the SQLite header, companion modes. */
final class CaptureFile {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};

    private CaptureFile() {
    }

    /** Creates an empty file readable by its owner only (0600) when it does not exist yet. */
    static void createPrivate(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(file)) {
                return;
            }
            if (supportsPosix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process created it between our check and our create: open what it made.
        } catch (IOException e) {
            throw new CaptureException("cannot create " + file + ": " + describe(e), e);
        }
    }

    /** Refuses a missing file, a folder, or a non-empty file that does not start with the SQLite header. */
    static void checkLooksLikeSqlite(Path file) {
        if (Files.isDirectory(file)) {
            throw new CaptureException(file + " is a folder, not a trygr capture");
        }
        if (!Files.exists(file)) {
            throw new CaptureException("no capture at " + file);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SQLITE_MAGIC.length);
        } catch (IOException e) {
            throw new CaptureException("cannot read " + file + ": " + describe(e), e);
        }
        if (head.length > 0 && !Arrays.equals(head, SQLITE_MAGIC)) {
            throw new CaptureException(file + " is not a trygr capture (not an SQLite database)");
        }
    }

    /** Makes the WAL, shared-memory and journal files owner-only too, where the file system has POSIX modes. */
    static void restrictCompanions(Path file) {
        for (String suffix : COMPANIONS) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (Files.exists(companion) && supportsPosix(companion)) {
                    Files.setPosixFilePermissions(companion, OWNER_ONLY);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // Best effort: SQLite already gives these files the main file's mode; a file owned by
                // someone else (or gone by now) cannot be changed by us, and that is not a reason to fail.
            }
        }
    }

    /** NIO messages are often just a path; say what went wrong instead. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean supportsPosix(Path file) {
        Path probe = file.toAbsolutePath().getParent();
        return probe != null && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
    }
}
