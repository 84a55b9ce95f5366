package dev.trygr.proxy.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Saving a CA would overwrite files of an existing one and overwriting was not asked for. */
public final class CaExistsException extends CaException {

    private final transient List<Path> existing;

    /** Creates the exception naming the files that already exist. */
    public CaExistsException(List<Path> existing) {
        super("A CA already exists: " + existing.stream().map(Path::toString).collect(Collectors.joining(", "))
                + ". Refusing to overwrite it (devices that trust it would stop trusting trygr);"
                + " use --force to replace it.");
        this.existing = List.copyOf(existing);
    }

    /** The files that already exist. */
    public List<Path> existing() {
        return existing;
    }
}
