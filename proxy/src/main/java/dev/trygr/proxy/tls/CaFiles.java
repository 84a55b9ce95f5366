package dev.trygr.proxy.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Where a {@link CertificateAuthority} lives on disk, and how it gets there without exposing the key. */
final class CaFiles {

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private CaFiles() {}

    static CertificateAuthority load(Path caDir) {
        Path cert = caDir.resolve(CertificateAuthority.CERT_PEM_FILE);
        Path key = caDir.resolve(CertificateAuthority.KEY_FILE);
        boolean hasCert = Files.exists(cert);
        boolean hasKey = Files.exists(key);
        if (!hasCert && !hasKey) {
            throw new CaNotFoundException(caDir);
        }
        if (!hasCert || !hasKey) {
            throw new CaException("Incomplete CA in " + caDir + ": " + (hasCert ? key : cert) + " is missing. "
                    + "Restore it, or create a new CA with `trygr ca init --force`"
                    + " (devices must then trust the new one).");
        }
        try {
            return CertificateAuthority.fromPem(cert, key);
        } catch (CaException e) {
            throw new CaException("The CA in " + caDir + " cannot be used: " + e.getMessage(), e);
        }
    }

    static void save(CertificateAuthority ca, Path caDir, boolean force) {
        Path pem = caDir.resolve(CertificateAuthority.CERT_PEM_FILE);
        Path der = caDir.resolve(CertificateAuthority.CERT_DER_FILE);
        Path key = caDir.resolve(CertificateAuthority.KEY_FILE);
        byte[] derBytes;
        try {
            derBytes = ca.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CaException("Cannot encode the CA certificate", e);
        }
        try {
            createPrivateDirectory(caDir);
            if (!force) {
                List<Path> existing = new ArrayList<>();
                for (Path p : List.of(pem, der, key)) {
                    if (Files.exists(p)) {
                        existing.add(p);
                    }
                }
                if (!existing.isEmpty()) {
                    throw new CaExistsException(existing);
                }
            }
            // key first: a certificate without its key on disk would be useless
            write(key, PemCodec.encodePkcs8(ca.privateKey()).getBytes(StandardCharsets.US_ASCII), PRIVATE_MODE, force);
            write(pem, PemCodec.encode(ca.certificate()).getBytes(StandardCharsets.US_ASCII), PUBLIC_MODE, force);
            write(der, derBytes, PUBLIC_MODE, force);
        } catch (FileAlreadyExistsException e) {
            throw new CaExistsException(List.of(Path.of(e.getFile())));
        } catch (IOException e) {
            throw new CaException("Cannot save the CA in " + caDir + ": " + e, e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // an existing directory keeps the mode its owner chose; the key file is 0600 regardless
        }
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have removed bits; it never adds any
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Writes {@code bytes} to a temporary file in the same directory, created with mode 0600 (so it is
     * never readable by others, whatever the umask), forces it to disk, gives it {@code mode}, and moves it
     * over {@code target}. Without {@code replace}, an existing target is left alone and reported.
     */
    private static void write(Path target, byte[] bytes, Set<PosixFilePermission> mode, boolean replace)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_MODE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix()) {
                Files.setPosixFilePermissions(temp, mode);
            }
            if (replace) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temp, target); // fails with FileAlreadyExistsException rather than replacing
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
