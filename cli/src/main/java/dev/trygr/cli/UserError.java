package dev.trygr.cli;

/** A failure the user can act on: printed as {@code trygr: message} (no stack trace) with its exit code. */
final class UserError extends RuntimeException {
    final ExitCode exitCode;

    UserError(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
