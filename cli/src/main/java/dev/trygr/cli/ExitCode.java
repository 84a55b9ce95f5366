package dev.trygr.cli;

/** trygr's exit codes, listed in {@code --help}. Scripts may rely on them. */
enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "an unexpected error (a bug: please report it with the message)"),
    USAGE(2, "invalid command line"),
    NO_CA(3, "no CA where one was expected (run 'trygr ca init'), or the CA files are unusable"),
    CAPTURE(4, "the capture file is missing, unreadable, or written by a newer trygr"),
    CANNOT_LISTEN(5, "a listener could not be started (address in use, not allowed, no permission)"),
    NOT_FOUND(6, "the flow or item asked for does not exist"),
    EXISTS(7, "refused to overwrite an existing file (use --force)"),
    NO_PROXY(8, "'trygr run' found no proxy at the given address (start 'trygr proxy' first)");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** For picocli's exit code list in {@code --help}. */
    static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(String.valueOf(c.code), c.meaning);
        }
        return list;
    }
}
