package dev.trygr.cli;

import dev.trygr.analyzer.tokens.CaptureRef;
import dev.trygr.analyzer.tokens.TokenLineage;
import dev.trygr.capture.CaptureReader;

import java.nio.file.Path;

/** Opens {@code FILE} or {@code FILE#SESSION} for the tokens commands, with the errors a user can act on. */
final class TokenSources {
    private TokenSources() {
    }

    /** Parses a capture argument; a malformed {@code #SESSION} is a usage error. */
    static CaptureRef ref(String text, String what) {
        try {
            return CaptureRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, what + ": " + e.getMessage());
        }
    }

    /** {@code ref} with {@code --session} applied; both must agree when both are given. */
    static CaptureRef withSession(CaptureRef ref, Long session) {
        if (session == null) {
            return ref;
        }
        if (ref.session() != null && !ref.session().equals(session)) {
            throw new UserError(ExitCode.USAGE, "--session " + session + " contradicts " + ref.label());
        }
        return new CaptureRef(ref.file(), session);
    }

    /** Reads the lineage; a missing file, an unknown session or a capture without any token event is a user error. */
    static TokenLineage lineage(CaptureRef ref) {
        try (CaptureReader reader = Captures.reader(ref.file())) {
            return lineage(reader, ref);
        }
    }

    static TokenLineage lineage(CaptureReader reader, CaptureRef ref) {
        TokenLineage lineage;
        try {
            lineage = TokenLineage.read(reader, ref.session(), ref.label());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.NOT_FOUND, e.getMessage());
        }
        if (lineage.empty()) {
            throw new UserError(ExitCode.NOT_FOUND, ref.label() + " holds no token events: no Ring OAuth or FCM"
                    + " traffic was recorded" + (ref.session() == null ? "" : " in session " + ref.session())
                    + ". Route the Ring client through trygr (trygr proxy, or trygr run -- homebridge) and try again"
                    + " (trygr demo makes a capture to try it on).");
        }
        return lineage;
    }

    static Path defaultCapture() {
        return Path.of("capture.db");
    }
}
