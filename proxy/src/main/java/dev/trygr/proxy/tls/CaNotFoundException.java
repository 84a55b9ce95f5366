package dev.trygr.proxy.tls;

import java.nio.file.Path;

/** There is no CA in the directory asked for; the message tells the user to run {@code trygr ca init}. */
public final class CaNotFoundException extends CaException {

    private final transient Path directory;

    /** Creates the exception for {@code directory}, which holds no CA. */
    public CaNotFoundException(Path directory) {
        super("No trygr CA in " + directory
                + ". Run `trygr ca init` to create one (or `trygr ca import` to use your own).");
        this.directory = directory;
    }

    /** The directory that was searched. */
    public Path directory() {
        return directory;
    }
}
